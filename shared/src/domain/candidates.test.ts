import { describe, it, expect } from 'vitest';
import { minCandidates } from './candidates.js';

describe('minCandidates (§2.3 số dư)', () => {
  it('§2.3: NA units need seats + 2 candidates for 1..3 seats', () => {
    expect([1, 2, 3].map((s) => minCandidates('na', s))).toEqual([3, 4, 5]);
  });

  it('§2.3: council units with 1 or 2 seats need seats + 1', () => {
    for (const c of ['pc', 'cc'] as const) {
      expect(minCandidates(c, 1)).toBe(2);
      expect(minCandidates(c, 2)).toBe(3);
    }
  });

  it('§2.3: council units with 3 seats need seats + 2', () => {
    expect(minCandidates('pc', 3)).toBe(5);
    expect(minCandidates('cc', 3)).toBe(5);
  });

  it('§2.3: council units with 4 or 5 seats need seats + 3', () => {
    for (const c of ['pc', 'cc'] as const) {
      expect(minCandidates(c, 4)).toBe(7);
      expect(minCandidates(c, 5)).toBe(8);
    }
  });

  it('§2.3/§1.1: 182 NA units with 500 seats give the published 864 candidates at the minimum', () => {
    // 136 three-seat units and 46 two-seat units = 500 seats; (500 + 2 × 182) = 864.
    const total = 136 * minCandidates('na', 3) + 46 * minCandidates('na', 2);
    expect(total).toBe(864);
  });

  it('§1.1: rejects seats outside the legal range with RangeError', () => {
    expect(() => minCandidates('na', 0)).toThrow(RangeError);
    expect(() => minCandidates('na', 4)).toThrow(RangeError);
    expect(() => minCandidates('pc', 6)).toThrow(RangeError);
    expect(() => minCandidates('cc', 0)).toThrow(RangeError);
    expect(() => minCandidates('cc', 2.5)).toThrow(RangeError);
    expect(() => minCandidates('pc', Number.NaN)).toThrow(RangeError);
  });
});
