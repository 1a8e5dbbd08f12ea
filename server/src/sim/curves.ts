/**
 * Turnout curves for the simulator: how far along its day a polling area is at a given local time.
 *
 * The national knots are calibrated to the NEC's published 2026 snapshots (election-vn.md §3.1): >70 % at 11:20,
 * ~80.6 % at 14:15, 99.38 % at 20:00. Those published figures are *reported* figures, compiled from the teams'
 * last reports, which lag the real queue by half a reporting interval (~20 min). The knots below are therefore
 * the "true" curve placed ~20 min ahead of the published one, so that the national figure the server shows
 * (sum of last reports) lands on the published snapshots; plan.test.ts checks this.
 */
import type { Rng } from '@ecc/fixtures';

/** Minutes since local midnight → cumulative turnout in percent (monotone). */
export type Knots = readonly (readonly [minute: number, pct: number])[];

const hm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const k = (pairs: [string, number][]): Knots => pairs.map(([t, p]) => [hm(t), p] as const);

/** Polls open at 07:00 (§2.1); the morning rush ends before noon; nearly everyone has voted by 19:00. */
export const NATIONAL_KNOTS: Knots = k([
  ['05:00', 0],
  ['07:00', 0],
  ['08:00', 5],
  ['09:00', 19],
  ['10:00', 59],
  ['11:00', 77],
  ['12:00', 78.5],
  ['13:00', 79.5],
  ['14:00', 81],
  ['15:00', 88.5],
  ['16:00', 96],
  ['17:00', 99],
  ['18:00', 99.8],
  ['19:00', 100],
]);

/**
 * Provinces with their own published snapshots (§3.1) get pinned knots instead of a random variation:
 * TP.HCM 13.46 % at 09:00 and 44.03 % at 11:30 (a slow, late city); Hà Nội 70.09 % at 11:30, 89.09 % at 15:00.
 * Placed ~20 min ahead of the published times for the same reporting-lag reason as the national knots.
 */
export const PINNED_KNOTS: Readonly<Record<string, Knots>> = {
  '79': k([
    ['05:00', 0],
    ['07:00', 0],
    ['08:40', 14],
    ['10:00', 30],
    ['11:10', 46],
    ['12:30', 64],
    ['14:00', 82],
    ['16:00', 95],
    ['17:00', 98.4],
    ['18:00', 99.5],
    ['19:00', 100],
  ]),
  '01': k([
    ['05:00', 0],
    ['07:00', 0],
    ['08:00', 7],
    ['09:00', 24],
    ['10:00', 51],
    ['11:10', 73],
    ['12:30', 79],
    ['14:40', 91],
    ['16:00', 96.5],
    ['17:00', 98.8],
    ['18:00', 99.7],
    ['19:00', 100],
  ]),
};

/** A curve sampled once per minute of the day, as a fraction 0..1 of the area's eventual turnout. */
export type Curve = Float64Array;
const DAY_MIN = 24 * 60;

function interpolate(knots: Knots, minute: number): number {
  const first = knots[0];
  const last = knots[knots.length - 1];
  if (!first || !last) return 0;
  if (minute <= first[0]) return first[1];
  if (minute >= last[0]) return last[1];
  for (let i = 1; i < knots.length; i++) {
    const [m1, p1] = knots[i] as readonly [number, number];
    const [m0, p0] = knots[i - 1] as readonly [number, number];
    if (minute <= m1) return p0 + ((p1 - p0) * (minute - m0)) / (m1 - m0);
  }
  return last[1];
}

/**
 * Samples knots into a per-minute table, warped in time: `shiftMin` moves the whole day later (+) or earlier (−),
 * `steepness` > 1 compresses the day after 07:00 (voters come earlier). Normalised so the table ends at 1.
 */
export function sampleCurve(knots: Knots, shiftMin = 0, steepness = 1): Curve {
  const end = interpolate(knots, DAY_MIN);
  const out = new Float64Array(DAY_MIN + 1);
  const open = 7 * 60;
  for (let m = 0; m <= DAY_MIN; m++) {
    const warped = m <= open + shiftMin ? m - shiftMin : open + (m - open - shiftMin) * steepness;
    out[m] = Math.min(1, Math.max(0, interpolate(knots, warped) / end));
  }
  // Warping and clamping keep the table monotone, but make it explicit: a curve may never go down.
  for (let m = 1; m <= DAY_MIN; m++) out[m] = Math.max(out[m] as number, out[m - 1] as number);
  return out;
}

/** Value of a curve at a fractional minute of the day (linear between samples). */
export function curveAt(curve: Curve, minute: number): number {
  if (minute <= 0) return curve[0] as number;
  if (minute >= DAY_MIN) return curve[DAY_MIN] as number;
  const i = Math.floor(minute);
  const a = curve[i] as number;
  const b = curve[i + 1] as number;
  return a + (b - a) * (minute - i);
}

/**
 * One curve per province: pinned knots where published, otherwise the national knots with a seeded
 * shift of ±25 min and a steepness of 0.85–1.2, so provinces spread around the national line as on the
 * 11:20 NEC report (31 of 34 provinces above 50 %, §3.1).
 */
export function provinceCurves(provinceCodes: readonly string[], rng: Rng): Map<string, Curve> {
  const out = new Map<string, Curve>();
  for (const code of provinceCodes) {
    const r = rng.fork(`province:${code}`);
    const shift = r.float(-25, 25);
    const steep = r.float(0.85, 1.2);
    const pinned = PINNED_KNOTS[code];
    out.set(code, pinned ? sampleCurve(pinned) : sampleCurve(NATIONAL_KNOTS, shift, steep));
  }
  return out;
}
