import { parseMinuteOfDay } from '../format/time.js';
import { REFERENCE_CURVE_2026 } from '../reference-curve.js';

/**
 * Polls open at 07:00 (§2.1: voting hours 07:00–19:00), so the expected curve starts at 0 % then. This anchor is
 * the only point not published: before the first 2026 snapshot (11:20) the curve is a straight line from it,
 * which under-states the real morning (voting is front-loaded), so alerts before 11:20 err on the quiet side.
 */
export const POLLS_OPEN = '07:00';

/** [minute of day, percent]: the opening anchor, then the published 2026 points. */
const CURVE: readonly [number, number][] = [
  [parseMinuteOfDay(POLLS_OPEN), 0],
  ...REFERENCE_CURVE_2026.map((p): [number, number] => [parseMinuteOfDay(p.time), p.pct]),
];

/**
 * The turnout the 2026 national curve had reached at `minute` (minutes since local midnight), linearly
 * interpolated; null before polls open; flat after the last published point (23:00, 99.68 %).
 */
export function expectedPctAt(minute: number): number | null {
  const first = CURVE[0]!;
  if (minute < first[0]) return null;
  for (let i = 1; i < CURVE.length; i++) {
    const [m1, p1] = CURVE[i]!;
    if (minute <= m1) {
      const [m0, p0] = CURVE[i - 1]!;
      return p0 + ((p1 - p0) * (minute - m0)) / (m1 - m0);
    }
  }
  return CURVE[CURVE.length - 1]![1];
}

/** The published points only, for the chart overlay: [minute of day, percent]. */
export function publishedPoints(): [number, number][] {
  return CURVE.slice(1).map(([m, p]) => [m, p]);
}
