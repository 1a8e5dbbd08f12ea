import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percent2, percentHundredths, sharesSummingTo100 } from './percent.js';

describe('percentages (election-vn.md §2.5: 2 decimals, half up on the third)', () => {
  it('§2.5 rounds 22.566 % to 22.57 %', () => {
    expect(percent2(22566, 100000)).toBe(22.57);
  });
  it('§2.5 rounds exactly half up, not to even', () => {
    expect(percent2(1, 800)).toBe(0.13); // 0.125 %
    expect(percent2(3, 800)).toBe(0.38); // 0.375 %
  });
  it('§2.5 reproduces the published 2026 national turnout 99.68 % (76,188,970 / 76,436,561)', () => {
    expect(percent2(76_188_970, 76_436_561)).toBe(99.68);
  });
  it('§2.5 gives 0 for an empty denominator and 100 for all', () => {
    expect(percent2(0, 0)).toBe(0);
    expect(percent2(4000, 4000)).toBe(100);
  });
  it('§2.5 matches exact rational rounding for any counts up to national size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80_000_000 }), fc.integer({ min: 0, max: 1000 }), (den, permille) => {
        const num = Math.floor((den * permille) / 1000);
        const h = percentHundredths(num, den);
        // h is the unique integer with (h - 0.5) <= num*10000/den < (h + 0.5), in integer arithmetic.
        expect(BigInt(2 * h - 1) * BigInt(den) <= BigInt(num) * 20000n).toBe(true);
        expect(BigInt(num) * 20000n < BigInt(2 * h + 1) * BigInt(den)).toBe(true);
      }),
    );
  });
});

describe('shares that sum to 100 % (§2.5 "adjusted so components sum to 100 %")', () => {
  it('§2.5 valid and invalid shares of ballots received add up to exactly 100.00', () => {
    expect(sharesSummingTo100([2, 1])).toEqual([66.67, 33.33]);
    expect(sharesSummingTo100([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
  });
  it('§2.5 holds for any parts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 8 }), (parts) => {
        const s = sharesSummingTo100(parts);
        const total = parts.reduce((a, b) => a + b, 0);
        const hundredths = s.reduce((a, b) => a + Math.round(b * 100), 0);
        expect(hundredths).toBe(total === 0 ? 0 : 10000);
        s.forEach((x, i) => expect(Math.abs(x - (total ? (parts[i]! * 100) / total : 0))).toBeLessThan(0.01 + 1e-9));
      }),
    );
  });
});
