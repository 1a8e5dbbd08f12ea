import { describe, expect, it } from 'vitest';
import { BoundedTtlCache } from './bounded-cache.js';

describe('bounded cache (issue 7: no unbounded growth in the server)', () => {
  it('answers fresh entries from memory, reloads stale ones, and never holds more than its bound', async () => {
    let t = 0;
    let loads = 0;
    const c = new BoundedTtlCache<number>(1000, 3, () => t);
    const load = (n: number) => () => (loads++, Promise.resolve(n));
    expect(await c.get('a', load(1))).toBe(1);
    expect(await c.get('a', load(2))).toBe(1);
    expect(loads).toBe(1);
    t = 1000;
    expect(await c.get('a', load(3))).toBe(3);
    for (const k of ['b', 'c', 'd', 'e']) await c.get(k, load(0));
    expect(c.size).toBe(3);
    // The oldest went first: 'a' is loaded again, 'e' is still there.
    expect(await c.get('e', load(9))).toBe(0);
    expect(await c.get('a', load(4))).toBe(4);
  });

  it('does not keep a failed load', async () => {
    const c = new BoundedTtlCache<number>(1000, 3);
    await expect(c.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(c.size).toBe(0);
    expect(await c.get('x', () => Promise.resolve(5))).toBe(5);
  });
});
