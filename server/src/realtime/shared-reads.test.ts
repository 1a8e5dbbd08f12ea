import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads.js';

/** A read whose result is the number of reads started so far, resolved by hand. */
function counter() {
  let started = 0;
  const pending: (() => void)[] = [];
  const fn = () =>
    new Promise<number>((resolve) => {
      const n = ++started;
      pending.push(() => resolve(n));
    });
  return { fn, started: () => started, finishOne: () => pending.shift()?.() };
}

describe('SharedReads', () => {
  it('starts a read for the first caller and queues later callers on one next read', async () => {
    const reads = new SharedReads<number>();
    const c = counter();
    const first = reads.read('nation', c.fn);
    const later = Array.from({ length: 1000 }, () => reads.read('nation', c.fn));
    expect(c.started()).toBe(1);
    c.finishOne();
    expect(await first).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(c.started()).toBe(2); // the next read starts when the first ends, for all 1,000
    c.finishOne();
    expect(new Set(await Promise.all(later))).toEqual(new Set([2]));
  });

  it('never answers a caller with a read that started before it called', async () => {
    const reads = new SharedReads<number>();
    const c = counter();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const a = reads.read('k', c.fn);
    const startedBeforeB = c.started();
    const b = reads.read('k', c.fn);
    c.finishOne();
    await a;
    // Whether the queued read has started yet or not, c must get one that starts after this call.
    const startedBeforeC = c.started();
    const cAfter = reads.read('k', c.fn);
    for (let i = 0; i < 5; i++) {
      await tick();
      c.finishOne();
    }
    expect(await b).toBeGreaterThan(startedBeforeB);
    expect(await cAfter).toBeGreaterThan(startedBeforeC);
  });

  it('keys are independent and a failed read fails only its own callers', async () => {
    const reads = new SharedReads<number>();
    const boom = reads.read('x', () => Promise.reject(new Error('down')));
    const next = reads.read('x', () => Promise.resolve(7));
    const other = reads.read('y', () => Promise.resolve(9));
    await expect(boom).rejects.toThrow('down');
    expect(await next).toBe(7);
    expect(await other).toBe(9);
  });
});
