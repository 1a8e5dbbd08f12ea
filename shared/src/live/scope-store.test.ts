import { describe, expect, it } from 'vitest';
import { emptyFigures } from '../schemas/figures.js';
import { ScopeState } from './scope-store.js';

const f = (seq: number, voted: number) => ({ ...emptyFigures(), seq, voted });
const upd = (fromSeq: number, toSeq: number, children: Record<string, ReturnType<typeof f>> = {}) => ({
  scope: 'nation',
  fromSeq,
  toSeq,
  figures: f(toSeq, toSeq * 10),
  children,
});

describe('ScopeState applies numbered updates', () => {
  it('waits for a snapshot, then applies contiguous and overlapping ranges', () => {
    const s = new ScopeState('nation');
    expect(s.applyUpdate(upd(1, 1))).toBe('gap');
    s.applySnapshot({ scope: 'nation', seq: 5, figures: f(5, 50), children: { '01': f(3, 1) }, serverTime: '' });
    expect(s.applyUpdate(upd(6, 7, { '01': f(7, 2) }))).toBe('applied');
    expect(s.seq).toBe(7);
    expect(s.children['01']!.voted).toBe(2);
    expect(s.applyUpdate(upd(5, 8))).toBe('applied'); // overlaps what it has: absolute values, still fine
    expect(s.applyUpdate(upd(4, 8))).toBe('ignored');
    expect(s.applyUpdate(upd(10, 11))).toBe('gap');
    expect(s.seq).toBe(8);
    expect(s.figures.voted).toBe(80);
  });
});
