import { describe, expect, it } from 'vitest';
import { emptyFigures } from '@ecc/shared';
import { Coalescer } from './coalescer.js';

const f = (seq: number, voted = seq) => ({ ...emptyFigures(), seq, voted });
const u = (scope: string, fromSeq: number, toSeq: number, children: Record<string, ReturnType<typeof f>>) => ({
  scope,
  fromSeq,
  toSeq,
  figures: f(toSeq),
  children,
});

describe('Coalescer', () => {
  it('merges a room’s updates into one range with the newest values and every changed child', () => {
    const c = new Coalescer();
    c.add('e|nation', u('nation', 4, 4, { '01': f(2) }), ['r1']);
    c.add('e|nation', u('nation', 5, 6, { '79': f(9), '01': f(3) }), ['r2']);
    c.add('e|province:01', u('province:01', 3, 3, { '00004': f(1) }));
    const out = new Map(c.drain().map(([room, x, rids]) => [room, { ...x, rids }] as const));
    expect(out.get('e|nation')).toEqual({ ...u('nation', 4, 6, { '01': f(3), '79': f(9) }), rids: ['r1', 'r2'] });
    expect(out.get('e|province:01')!.fromSeq).toBe(3);
    expect(c.size).toBe(0);
    expect(c.merged).toBe(1);
  });
});

describe('Coalescer and holes', () => {
  it('never merges across a hole in the sequence: the later update goes out apart so the client sees the gap', () => {
    const c = new Coalescer();
    c.add('e|nation', u('nation', 4, 5, { '01': f(2) }), ['r1']);
    c.add('e|nation', u('nation', 6, 6, { '01': f(3) }), ['r2']);
    c.add('e|nation', u('nation', 9, 10, { '79': f(9) }), ['r3']); // 7–8 never arrived here
    c.add('e|nation', u('nation', 11, 11, { '79': f(11) }));
    const out = c.drain();
    expect(out.map(([, x, rids]) => [x.fromSeq, x.toSeq, rids])).toEqual([
      [4, 6, ['r1', 'r2']],
      [9, 11, ['r3']],
    ]);
    expect(c.size).toBe(0);
  });
});
