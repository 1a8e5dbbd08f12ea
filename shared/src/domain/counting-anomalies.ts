import { percentHundredths } from './percent.js';
import type { UnitOutcome } from './winners.js';

/**
 * Anomaly flags for people to look at, never rules that refuse anything (docs/decisions/0007-counting-records.md):
 * - INVALID_SHARE_HIGH: an area's invalid share is ≥ 5 % and more than 3× its province's for the same contest
 * - ONE_CANDIDATE_ONLY, CHANGED_AFTER_CONFIRMATION: carried from the record (soft check; a confirmed record the
 *   board returned and the team changed)
 * - TURNOUT_NEAR_HALF: a unit's turnout is above 50 % by at most 2 points (a few records decide a re-vote, §2.8)
 * - WINNER_NEAR_HALF: a candidate's share is within 1 point of 50 % of valid ballots (a recount decides, §2.8)
 */
export const ANOMALIES = [
  'INVALID_SHARE_HIGH',
  'ONE_CANDIDATE_ONLY',
  'CHANGED_AFTER_CONFIRMATION',
  'TURNOUT_NEAR_HALF',
  'WINNER_NEAR_HALF',
] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface BallotCounts {
  received: number;
  invalid: number;
}

/** An area's anomalies against its province (same contest, records counted so far). */
export function areaAnomalies(area: BallotCounts & { flags: readonly string[] }, province: BallotCounts): Anomaly[] {
  const out: Anomaly[] = [];
  const share = percentHundredths(area.invalid, area.received);
  const ref = percentHundredths(province.invalid, province.received);
  if (area.received > 0 && share >= 500 && share > 3 * ref) out.push('INVALID_SHARE_HIGH');
  if (area.flags.includes('ONE_CANDIDATE_ONLY')) out.push('ONE_CANDIDATE_ONLY');
  if (area.flags.includes('CHANGED_AFTER_CONFIRMATION')) out.push('CHANGED_AFTER_CONFIRMATION');
  return out;
}

/** A unit's anomalies from its outcome (§2.8 lines: 50 % turnout, 50 % of valid ballots). */
export function unitAnomalies(o: UnitOutcome): Anomaly[] {
  const out: Anomaly[] = [];
  if (o.turnoutShare > 50 && o.turnoutShare <= 52) out.push('TURNOUT_NEAR_HALF');
  if (o.candidates.some((c) => c.share >= 49 && c.share <= 51)) out.push('WINNER_NEAR_HALF');
  return out;
}
