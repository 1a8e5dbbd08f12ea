import { describe, expect, it } from 'vitest';
import { expectedPctAt, publishedPoints } from './expected.js';

const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('expectedPctAt', () => {
  it('is null before polls open and 0 at 07:00', () => {
    expect(expectedPctAt(at('06:59'))).toBeNull();
    expect(expectedPctAt(at('07:00'))).toBe(0);
  });
  it('hits the published 2026 points exactly', () => {
    expect(expectedPctAt(at('11:20'))).toBe(70);
    expect(expectedPctAt(at('14:15'))).toBeCloseTo(80.6, 10);
    expect(expectedPctAt(at('20:00'))).toBeCloseTo(99.38, 10);
    expect(expectedPctAt(at('23:00'))).toBeCloseTo(99.68, 10);
  });
  it('interpolates linearly between points', () => {
    expect(expectedPctAt(at('09:10'))).toBeCloseTo(35, 10); // half-way 07:00 → 11:20
    const mid = (at('11:20') + at('14:15')) / 2;
    expect(expectedPctAt(mid)).toBeCloseTo((70 + 80.6) / 2, 10);
  });
  it('stays at the last published value after 23:00', () => {
    expect(expectedPctAt(at('23:59'))).toBeCloseTo(99.68, 10);
  });
});

describe('publishedPoints', () => {
  it('lists the five published snapshots, not the opening anchor', () => {
    expect(publishedPoints()).toEqual([
      [680, 70],
      [855, 80.6],
      [1200, 99.38],
      [1330, 99.64],
      [1380, 99.68],
    ]);
  });
});
