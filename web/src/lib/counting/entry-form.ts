import type { Candidate, Contest, CountingRecord, RecordCheck } from '@ecc/shared';
import { checkCountingRecord, ERRORS, toVnIso } from '@ecc/shared';

/** What the team types, as numbers (an empty box is 0 until filled). */
export interface EntryState {
  voters: number;
  voted: number;
  issued: number;
  received: number;
  valid: number;
  invalid: number;
  votes: Record<string, number>;
  complaints: { received: number; resolved: number; forwarded: number };
  reason: string;
}

export function blankEntry(voters: number, candidates: readonly Candidate[]): EntryState {
  return {
    voters,
    voted: 0,
    issued: 0,
    received: 0,
    valid: 0,
    invalid: 0,
    votes: Object.fromEntries(candidates.map((c) => [c.id, 0])),
    complaints: { received: 0, resolved: 0, forwarded: 0 },
    reason: '',
  };
}

/** The record to send (§2.6). `baseVersion`/`reason` only for a correction of an existing version. */
export function toRecord(
  areaId: string,
  contest: Contest,
  e: EntryState,
  candidates: readonly Candidate[],
  atMs: number,
  baseVersion: number,
): CountingRecord {
  return {
    pollingAreaId: areaId,
    contest,
    at: vnNow(atMs),
    voters: e.voters,
    voted: e.voted,
    issued: e.issued,
    received: e.received,
    valid: e.valid,
    invalid: e.invalid,
    votes: candidates.map((c) => ({ candidateId: c.id, votes: e.votes[c.id] ?? 0 })),
    complaints: e.complaints,
    ...(baseVersion > 0 ? { baseVersion, reason: e.reason.trim() } : {}),
  };
}

/** The same §2.7 check the server runs, as the team types: the broken identity's sentence, or the soft flags. */
export function liveCheck(
  e: EntryState,
  candidates: readonly Candidate[],
  seats: number,
  listed: number,
  lang: 'vi' | 'en',
): { check: RecordCheck; message: string | null } {
  const check = checkCountingRecord(
    { ...e, votes: candidates.map((c) => ({ candidateId: c.id, votes: e.votes[c.id] ?? 0 })) },
    { seats, candidateIds: candidates.map((c) => c.id), listed },
  );
  return { check, message: check.ok ? null : ERRORS[check.broken.code][lang] };
}

/** An instant as Vietnam's local time with its offset, without milliseconds (what the API's `at` expects). */
export function vnNow(ms: number): string {
  return toVnIso(ms).replace(/\.\d{3}/, '');
}
