import type { ErrorCode } from '../errors.js';

/** The numbers of a counting record (§2.6) that the identities of §2.7 constrain. */
export interface CountingNumbers {
  voters: number;
  voted: number;
  issued: number;
  received: number;
  valid: number;
  invalid: number;
  votes: readonly { candidateId: string; votes: number }[];
  byNamesKept?: readonly number[] | undefined;
  complaints?: { received: number; resolved: number; forwarded: number } | undefined;
}

/** What the record is checked against: the area's unit for that contest and the area's reference figures. */
export interface RecordContext {
  seats: number;
  /** The unit's candidates for this contest, every one of which the record must list exactly once. */
  candidateIds: readonly string[];
  /** Voters of this contest on the area's list in the reference data (§1.3). */
  listed: number;
  /** The area's last turnout report (voters who voted, NA list), when there is one. */
  turnoutVoted?: number | null;
}

/** A hard identity of §2.7 that a record breaks: it is refused (422) with this code and the numbers involved. */
export interface BrokenIdentity {
  code: Extract<
    ErrorCode,
    | 'CANDIDATES_MISMATCH'
    | 'VOTED_EXCEEDS_VOTERS'
    | 'ISSUED_EXCEEDS_VOTERS'
    | 'RECEIVED_EXCEEDS_ISSUED'
    | 'BALLOTS_SPLIT_MISMATCH'
    | 'CANDIDATE_EXCEEDS_VALID'
    | 'VOTES_EXCEED_VALID_SEATS'
    | 'GROUPS_MISMATCH'
    | 'COMPLAINTS_MISMATCH'
  >;
  field: string;
  detail: Record<string, number | string>;
}

/**
 * Soft checks: the record is accepted and carries these flags for the Election Board (docs/decisions/0007-counting-records.md).
 * - ISSUED_NE_VOTED: ballots issued ≠ voters who voted (§2.7: one ballot per voter per contest, expected equal)
 * - RECEIVED_LT_ISSUED: ballots issued but not found in the boxes (§2.7: "gap = ballots taken but not cast")
 * - VOTERS_NE_LIST: the record's voters differ from the list in the reference data (§1.3, §2.6 field 3)
 * - VOTED_NE_TURNOUT: NA record's voters who voted differ from the area's last turnout report (§3.1 vs §2.6)
 * - ONE_CANDIDATE_ONLY: every valid vote went to one candidate, the others got none
 * - HIGH_INVALID: more than 10 % of the ballots received are invalid (2021 rates were a few per cent)
 * - COMPLAINTS_FORWARDED: the team forwarded complaints it could not resolve (§2.5, §2.6 field 10)
 */
export const RECORD_FLAGS = [
  'ISSUED_NE_VOTED',
  'RECEIVED_LT_ISSUED',
  'VOTERS_NE_LIST',
  'VOTED_NE_TURNOUT',
  'ONE_CANDIDATE_ONLY',
  'HIGH_INVALID',
  'COMPLAINTS_FORWARDED',
] as const;
export type RecordFlag = (typeof RECORD_FLAGS)[number];

export type RecordCheck = { ok: true; flags: RecordFlag[] } | { ok: false; broken: BrokenIdentity };

const broken = (code: BrokenIdentity['code'], field: string, detail: BrokenIdentity['detail']): RecordCheck => ({
  ok: false,
  broken: { code, field, detail },
});

/**
 * The identities of §2.7, checked in the order a counter fills the form. Hard ones refuse the record (the first
 * broken one is named); soft ones flag it. Pure: the server runs it before the atomic store step, the web form
 * runs it as the team types.
 */
export function checkCountingRecord(r: CountingNumbers, ctx: RecordContext): RecordCheck {
  const ids = r.votes.map((v) => v.candidateId);
  const expected = new Set(ctx.candidateIds);
  const seen = new Set<string>();
  for (const id of ids) {
    if (!expected.has(id) || seen.has(id)) return broken('CANDIDATES_MISMATCH', 'votes', { candidateId: id });
    seen.add(id);
  }
  const missing = ctx.candidateIds.find((id) => !seen.has(id));
  if (missing !== undefined) return broken('CANDIDATES_MISMATCH', 'votes', { missing });

  if (r.voted > r.voters) return broken('VOTED_EXCEEDS_VOTERS', 'voted', { voted: r.voted, voters: r.voters });
  if (r.issued > r.voters) return broken('ISSUED_EXCEEDS_VOTERS', 'issued', { issued: r.issued, voters: r.voters });
  if (r.received > r.issued)
    return broken('RECEIVED_EXCEEDS_ISSUED', 'received', { received: r.received, issued: r.issued });
  if (r.valid + r.invalid !== r.received)
    return broken('BALLOTS_SPLIT_MISMATCH', 'valid', { valid: r.valid, invalid: r.invalid, received: r.received });
  let total = 0;
  for (const v of r.votes) {
    if (v.votes > r.valid)
      return broken('CANDIDATE_EXCEEDS_VALID', `votes.${v.candidateId}`, {
        candidateId: v.candidateId,
        votes: v.votes,
        valid: r.valid,
      });
    total += v.votes;
  }
  if (total > r.valid * ctx.seats)
    return broken('VOTES_EXCEED_VALID_SEATS', 'votes', { total, valid: r.valid, seats: ctx.seats });
  if (r.byNamesKept) {
    const groups = r.byNamesKept;
    const ballots = groups.reduce((a, b) => a + b, 0);
    const names = groups.reduce((a, n, i) => a + n * (i + 1), 0);
    if (groups.length > ctx.seats || ballots !== r.valid || names !== total)
      return broken('GROUPS_MISMATCH', 'byNamesKept', { groups: groups.length, ballots, names, valid: r.valid, total });
  }
  const c = r.complaints;
  if (c && c.resolved + c.forwarded > c.received) return broken('COMPLAINTS_MISMATCH', 'complaints', { ...c });

  const flags: RecordFlag[] = [];
  if (r.issued !== r.voted) flags.push('ISSUED_NE_VOTED');
  if (r.received < r.issued) flags.push('RECEIVED_LT_ISSUED');
  if (r.voters !== ctx.listed) flags.push('VOTERS_NE_LIST');
  if (ctx.turnoutVoted !== undefined && ctx.turnoutVoted !== null && ctx.turnoutVoted !== r.voted)
    flags.push('VOTED_NE_TURNOUT');
  const withVotes = r.votes.filter((v) => v.votes > 0);
  if (r.valid > 0 && r.votes.length > 1 && withVotes.length === 1 && withVotes[0]!.votes === r.valid)
    flags.push('ONE_CANDIDATE_ONLY');
  if (r.invalid * 10 > r.received) flags.push('HIGH_INVALID');
  if (c && c.forwarded > 0) flags.push('COMPLAINTS_FORWARDED');
  return { ok: true, flags };
}
