/**
 * The counting night as a deterministic plan (election-vn.md §2.5–2.9), a pure function of (reference data, final
 * turnout, seed): after each polling area's polls close (19:00 on its own voting date, §2.1/§2.2) its team marks
 * counting begun for each contest, then submits one record per contest whose voters who voted match its last
 * turnout report; the unit's Election Board (here the national council's software) confirms each one. Seeded
 * imperfections: a few records with a broken §2.7 identity (must be refused, then sent right), one record sent
 * before the polls closed (refused), a few records returned by the board and corrected, a few network retries.
 * Bodies are built when sent (`recordOf`), so a national night keeps only small items in memory.
 */
import { createRng } from '@ecc/fixtures';
import type { Candidate, Contest, CountingRecord, ErrorCode, PollingArea, ReferenceData } from '@ecc/shared';
import { CONTESTS, pollsClosedAt } from '@ecc/shared';
import { consistentRecord } from './counting-records.js';

export const COUNTING_KINDS = [
  'progress',
  'record',
  'wrong',
  'early',
  'confirm',
  'return',
  'correct',
  'retry',
] as const;
export type CountingKind = (typeof COUNTING_KINDS)[number];

export interface CountingItem {
  area: number;
  contest: Contest;
  kind: CountingKind;
  sendAtMs: number;
  key: string;
  /** Version a decision is about / a correction replaces. */
  version: number;
  /** For 'retry': the kind of the item it repeats, and that item's time (a retry sends the same body). */
  of?: CountingKind;
  atMs?: number;
}

/** What the server must answer each kind with. */
export const COUNTING_EXPECTED: Record<CountingKind, { status: 201 | 409 | 422; codes: readonly ErrorCode[] }> = {
  progress: { status: 201, codes: [] },
  record: { status: 201, codes: [] },
  correct: { status: 201, codes: [] },
  confirm: { status: 201, codes: [] },
  return: { status: 201, codes: [] },
  retry: { status: 201, codes: [] },
  wrong: { status: 422, codes: ['BALLOTS_SPLIT_MISMATCH', 'CANDIDATE_EXCEEDS_VALID', 'VOTES_EXCEED_VALID_SEATS'] },
  early: { status: 409, codes: ['POLLS_NOT_CLOSED'] },
};

const MIN = 60_000;
/** One wrong record per this many records (at least 2), one returned record per this many (at least 1). */
const WRONG_EVERY = 2000;
const RETURN_EVERY = 500;
const RETRY_EVERY = 700;

export interface CountingPlan {
  electionId: string;
  areas: PollingArea[];
  items: CountingItem[];
  units: Map<string, { seats: number; candidates: Candidate[] }>;
  finalVoted: Map<string, number>;
  seed: number;
  counts(): Record<CountingKind, number>;
  /** The record body an item sends (deterministic: the same on every run and every retry). */
  recordOf(it: CountingItem): CountingRecord;
}

export function isoVn(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 19) + '+07:00';
}

export function buildCountingPlan(data: ReferenceData, finalVoted: Map<string, number>, seed: number): CountingPlan {
  const rng = createRng(seed).fork('counting');
  const E = data.election.id;
  const units = new Map<string, { seats: number; candidates: Candidate[] }>();
  for (const u of data.units) units.set(u.id, { seats: u.seats, candidates: [] });
  for (const c of data.candidates) units.get(c.unitId)?.candidates.push(c);
  const items: CountingItem[] = [];
  const key = (a: PollingArea, c: Contest, n: string) => `sim.${E}.c.${a.id}.${c}.${n}`;
  const records = data.areas.length * CONTESTS.length;
  const wrongEvery = Math.min(WRONG_EVERY, Math.floor(records / 2));
  const returnEvery = Math.min(RETURN_EVERY, records);
  const retryEvery = Math.min(RETRY_EVERY, Math.max(1, Math.floor(records / 3)));
  let n = 0;
  const earlyArea = data.areas.findIndex((a) => (finalVoted.get(a.id) ?? 0) < a.registered.na);
  data.areas.forEach((a, area) => {
    const close = pollsClosedAt(a.votingDate);
    for (const contest of CONTESTS) {
      n++;
      const start = close + rng.int(3, 25) * MIN;
      const recAt = start + rng.int(45, 200) * MIN;
      const push = (kind: CountingKind, at: number, k: string, version = 0, of?: CountingKind, atMs?: number) =>
        items.push({
          area,
          contest,
          kind,
          sendAtMs: at,
          key: key(a, contest, k),
          version,
          ...(of ? { of } : {}),
          ...(atMs !== undefined ? { atMs } : {}),
        });
      // One record sent before the polls closed, in an area where not everyone voted (else it may count early).
      if (area === earlyArea && contest === 'na') push('early', close - 30 * MIN, 'early');
      push('progress', start, 'progress');
      if (n % wrongEvery === 0) push('wrong', recAt - 5 * MIN, 'wrong');
      push('record', recAt, 'v1');
      if (n % retryEvery === 0) push('retry', recAt + 2 * MIN, 'v1', 0, 'record', recAt);
      const decideAt = recAt + rng.int(15, 120) * MIN;
      if (n % returnEvery === 0) {
        push('return', decideAt, 'return', 1);
        push('correct', decideAt + rng.int(20, 60) * MIN, 'v2', 1);
        push('confirm', decideAt + rng.int(70, 120) * MIN, 'confirm2', 2);
      } else push('confirm', decideAt, 'confirm', 1);
    }
  });
  // Stable order by send time; a record's own items keep their order (their times already increase).
  items.sort((x, y) => x.sendAtMs - y.sendAtMs);
  const plan: CountingPlan = {
    electionId: E,
    areas: data.areas,
    items,
    units,
    finalVoted,
    seed,
    counts() {
      const c = Object.fromEntries(COUNTING_KINDS.map((k) => [k, 0])) as Record<CountingKind, number>;
      for (const it of items) c[it.kind]++;
      return c;
    },
    recordOf(it) {
      const a = data.areas[it.area]!;
      const u = units.get(a.units[it.contest])!;
      const r = createRng(seed).fork(`rec.${a.id}.${it.contest}.${it.kind === 'correct' ? 2 : 1}`);
      // Voters who voted as the last turnout report said (NA list; council lists pro rata, §1.3).
      const votedNa = finalVoted.get(a.id) ?? Math.round(a.registered.na * 0.99);
      const ratio = a.registered.na > 0 ? votedNa / a.registered.na : 0;
      const voted = it.contest === 'na' ? votedNa : Math.round(a.registered[it.contest] * ratio);
      const at = isoVn(it.atMs ?? it.sendAtMs);
      const rec = consistentRecord(r, a, it.contest, u.seats, u.candidates, at, { turnout: ratio, voted });
      if (it.kind === 'wrong') return { ...rec, invalid: rec.invalid + 1 + r.int(0, 3) }; // valid + invalid ≠ received
      if (it.kind === 'early') return rec;
      if (it.kind === 'correct')
        return { ...rec, reason: 'Kiểm lại phiếu theo yêu cầu của Ban bầu cử', baseVersion: it.version };
      return rec;
    },
  };
  return plan;
}
