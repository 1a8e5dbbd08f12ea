import { describe, expect, it } from 'vitest';
import { countFiguresFromArray } from '@ecc/shared';
import { notStarted, segments } from './progress.js';

describe('counting progress bar', () => {
  it('splits the expected records by state; not started is the rest', () => {
    const f = { ...countFiguresFromArray([]), areas: 8, confirmed: 2, submitted: 3, counting: 1, returned: 1 };
    expect(segments(f).map((s) => [s.key, s.pct])).toEqual([
      ['confirmed', 25],
      ['submitted', 37.5],
      ['counting', 12.5],
      ['returned', 12.5],
    ]);
    expect(notStarted(f)).toBe(1);
    expect(segments(countFiguresFromArray([])).every((s) => s.pct === 0)).toBe(true);
  });
});
