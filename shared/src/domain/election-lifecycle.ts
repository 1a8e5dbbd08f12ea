import { ELECTION_STATUSES } from '../schemas/election.js';
import type { Election, ElectionStatus } from '../schemas/election.js';

/** Status moves one step forward only (draft → locked → voting → closed): a closed election is never reopened. */
export function canMoveTo(from: ElectionStatus, to: ElectionStatus): boolean {
  return ELECTION_STATUSES.indexOf(to) === ELECTION_STATUSES.indexOf(from) + 1;
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** §2.8: a re-vote or an additional vote is held no later than 15 days after the first vote. */
export const REPEAT_VOTE_MAX_DAYS = 15;

export type RepeatProblem = 'PARENT_NOT_CLOSED' | 'REPEAT_DATE' | 'WRONG_KIND';

/**
 * Whether a re-vote / additional vote may be created from `parent` on `date` (§2.8): the first vote is finished
 * (closed) and the new date falls 1..15 days after it.
 */
export function repeatVoteProblem(
  parent: Pick<Election, 'date' | 'status' | 'kind'>,
  kind: Election['kind'],
  date: string,
): RepeatProblem | null {
  if (kind !== 're-vote' && kind !== 'additional') return 'WRONG_KIND';
  if ((parent.status ?? 'draft') !== 'closed') return 'PARENT_NOT_CLOSED';
  const d = daysBetween(parent.date, date);
  if (d < 1 || d > REPEAT_VOTE_MAX_DAYS) return 'REPEAT_DATE';
  return null;
}
