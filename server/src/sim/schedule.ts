/**
 * One polling area's day: when its team reports and what cumulative count it sends (pure, seeded).
 * Times are seconds since local midnight of the area's own voting date.
 */
import type { Rng } from '@ecc/fixtures';
import type { PollingArea } from '@ecc/shared';
import { curveAt, type Curve } from './curves.js';

const H = 3600;
const M = 60;
/** Polls open at 07:00; teams send their first count once the opening rush has been entered (§2.1). */
const OPEN_S = 7 * H;
/** Polls close at 19:00; teams send the final count while sealing and compiling, before 21:00 (§2.1). */
const CLOSE_S = 19 * H;
const FINAL_FROM_S = 19 * H + 5 * M;
const FINAL_TO_S = 20 * H + 45 * M;
/** Some teams report only once, in the evening (lost connectivity, forgotten device). */
const SILENT_FINAL_FROM_S = 19 * H + 30 * M;
const SILENT_FINAL_TO_S = 20 * H + 55 * M;

export interface AreaProfile {
  /** The count the area ends on (≤ registered); many areas end exactly at registered (100 %). */
  final: number;
  /** Minutes this area runs behind (+) or ahead (−) of its province's curve. */
  shiftMin: number;
  /** > 1: voters come earlier than the province as a whole (armed-forces units vote in formation). */
  steep: number;
  /** Sends nothing until its evening final count. */
  silent: boolean;
  /** Misses one of its daytime reports (a skipped checkpoint). */
  late: boolean;
}

export interface ProfileRules {
  /** Areas of a commune-council unit that ends near the 50 % line (§2.8: below half means a re-vote). */
  nearHalf: boolean;
  early: boolean;
}

export const SILENT_RATE = 0.002;
export const LATE_RATE = 0.01;
/** Share of areas whose every listed voter votes: the evening reports name hundreds of 100 % areas (§3.1). */
export const FULL_RATE = 0.55;

export function areaProfile(area: PollingArea, rules: ProfileRules, rng: Rng): AreaProfile {
  const reg = area.registered.na;
  let final: number;
  // Early areas report 100 % (§2.2: HCMC showed its 4 early areas at 100 %).
  if (rules.early || rng.chance(FULL_RATE)) final = reg;
  else if (rules.nearHalf) final = Math.min(reg, Math.ceil(reg * rng.float(0.46, 0.55)));
  else final = Math.floor(reg * rng.float(0.985, 0.9995));
  if (rules.nearHalf && final === reg) final = Math.min(reg, Math.ceil(reg * rng.float(0.46, 0.55)));
  const armed = area.kind === 'armed-forces';
  return {
    final,
    shiftMin: rng.float(-15, 15),
    steep: armed ? rng.float(1.3, 1.8) : rng.float(0.95, 1.05),
    silent: !rules.early && rng.chance(SILENT_RATE),
    late: !rules.early && rng.chance(LATE_RATE),
  };
}

/** Cumulative count at a second of the day: the province curve, warped by the area's own shift and pace. */
export function votedAt(curve: Curve, p: AreaProfile, second: number): number {
  const m = second / M - p.shiftMin;
  const warped = m <= OPEN_S / M ? m : OPEN_S / M + (m - OPEN_S / M) * p.steep;
  return Math.min(p.final, Math.floor(p.final * curveAt(curve, warped)));
}

/**
 * The area's reports as [second of day, voted] pairs, strictly increasing in time and non-decreasing in count.
 * Every 30–60 min in the morning (when the figures move fast and the NEC compiles at 09:00 and 11:20), every
 * 50–90 min in the afternoon, then the final count between 19:05 and 20:45. An area that reaches its final
 * count during the day closes early (§2.1: Lào Cai finished 17:45) and stops reporting.
 */
export function areaReports(curve: Curve, p: AreaProfile, rng: Rng): [number, number][] {
  if (p.silent) return [[rng.int(SILENT_FINAL_FROM_S, SILENT_FINAL_TO_S), p.final]];
  const out: [number, number][] = [];
  let t = OPEN_S + (p.steep > 1.2 ? rng.int(10 * M, 40 * M) : rng.int(15 * M, 75 * M));
  while (t < CLOSE_S) {
    const v = votedAt(curve, p, t);
    out.push([t, v]);
    if (v >= p.final) return out;
    t += t < 12 * H ? rng.int(30 * M, 60 * M) : rng.int(50 * M, 90 * M);
  }
  if (p.late && out.length > 3) out.splice(rng.int(1, out.length - 2), 1);
  out.push([rng.int(FINAL_FROM_S, FINAL_TO_S), p.final]);
  return out;
}
