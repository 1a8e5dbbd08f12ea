import { describe, expect, it } from 'vitest';
import { createRng } from '@ecc/fixtures';
import { curveAt, NATIONAL_KNOTS, PINNED_KNOTS, provinceCurves, sampleCurve } from './curves.js';

describe('turnout curves', () => {
  it('are monotone, zero before polls open at 07:00 and (nearly) complete by 21:00', () => {
    const curves = [
      sampleCurve(NATIONAL_KNOTS),
      sampleCurve(NATIONAL_KNOTS, 25, 0.85),
      sampleCurve(NATIONAL_KNOTS, -25, 1.2),
    ];
    for (const c of [...curves, ...Object.values(PINNED_KNOTS).map((k) => sampleCurve(k))]) {
      for (let m = 1; m < c.length; m++) expect(c[m]!).toBeGreaterThanOrEqual(c[m - 1]!);
      expect(curveAt(c, 7 * 60 - 30)).toBe(0);
      expect(c[c.length - 1]).toBe(1);
      expect(curveAt(c, 21 * 60)).toBeGreaterThan(0.99);
    }
  });

  it('interpolate between minutes', () => {
    const c = sampleCurve(NATIONAL_KNOTS);
    const v = curveAt(c, 600.5);
    expect(v).toBeGreaterThan(c[600]!);
    expect(v).toBeLessThan(c[601]!);
  });

  it('give each province its own seeded variation, and pin the provinces with published figures', () => {
    const codes = ['01', '31', '79', '92'];
    const a = provinceCurves(codes, createRng(1));
    const b = provinceCurves(codes, createRng(1));
    for (const code of codes) expect(a.get(code)).toEqual(b.get(code));
    expect(a.get('31')).not.toEqual(a.get('92'));
    expect(a.get('79')).toEqual(sampleCurve(PINNED_KNOTS['79']!));
    expect(provinceCurves(codes, createRng(2)).get('79')).toEqual(a.get('79'));
  });
});
