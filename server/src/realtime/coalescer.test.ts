import { describe, expect, it } from 'vitest';
import { emptyFigures } from '@ecc/shared';
import { Coalescer } from './coalescer.js';

const f = (seq: number, voted = seq) => ({ ...emptyFigures(), seq, voted });

describe('Coalescer', () => {
  it('merges a room’s updates into one range with the newest values and every changed child', () => {
    const c = new Coalescer();
    c.add('e|nation', 'nation', 4, f(4), '01', f(2));
    c.add('e|nation', 'nation', 5, f(5), '79', f(9));
    c.add('e|nation', 'nation', 6, f(6), '01', f(3));
    c.add('e|province:01', 'province:01', 3, f(3), '00004', f(1));
    const out = new Map(c.drain().map(([room, u]) => [room, u] as const));
    expect(out.get('e|nation')).toEqual({ scope: 'nation', fromSeq: 4, toSeq: 6, figures: f(6), children: { '01': f(3), '79': f(9) } });
    expect(out.get('e|province:01')!.fromSeq).toBe(3);
    expect(c.size).toBe(0);
    expect(c.merged).toBe(2);
  });
});
