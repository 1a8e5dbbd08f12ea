import { CONTESTS, COUNT_FIELDS } from '@ecc/shared';
import { CountingStore } from '../store/counting.store.js';
import type { RecordEvent } from '../store/counting.store.js';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { scanKeys } from './digest.js';

export interface CountingVerifyResult {
  records: number;
  events: number;
  scopes: number;
  mismatches: string[];
}

interface Folded {
  state: string;
  numbers: number[];
  votes: Record<string, number>;
  flags: string[];
}

/** A record's state replayed from its history (submissions carry the full record, decisions the state). */
export function foldRecordHistory(events: readonly RecordEvent[]): Folded {
  const f: Folded = { state: 'not-started', numbers: [], votes: {}, flags: [] };
  for (const e of events) {
    if (e.act === 'counting:submit' || e.act === 'counting:correct') {
      const r = e.record as {
        voters: number;
        voted: number;
        issued: number;
        received: number;
        valid: number;
        invalid: number;
        votes: { candidateId: string; votes: number }[];
      };
      f.numbers = [r.voters, r.voted, r.issued, r.received, r.valid, r.invalid];
      f.votes = Object.fromEntries(r.votes.map((v) => [v.candidateId, v.votes]));
      f.flags = e.flags;
      f.state = 'submitted';
    } else if (e.act === 'counting:confirm') f.state = 'confirmed';
    else if (e.act === 'counting:return') f.state = 'returned';
    else if (e.act === 'counting:progress') f.state = 'counting';
  }
  return f;
}

/**
 * Replays every counting record's history (docs/decisions/0007-counting-records.md) and compares the per-record
 * state and every unit, commune, province and national total (both tallies, candidate votes per unit) with what
 * the counting script stored. The counterpart of verify.ts for turnout.
 */
export async function verifyCountingByReplay(redis: Redis, electionId: string): Promise<CountingVerifyResult> {
  const K = electionKeys(electionId);
  const store = new CountingStore(redis);
  const mismatches: string[] = [];
  const sums = new Map<string, Record<string, number>>();
  const add = (k: string, field: string, v: number) => {
    const t = sums.get(k) ?? {};
    t[field] = (t[field] ?? 0) + v;
    sums.set(k, t);
  };
  const areaKeys = await scanKeys(redis, `${K.prefix}area:*`);
  let events = 0;
  for (let i = 0; i < areaKeys.length; i += 200) {
    const ids = areaKeys.slice(i, i + 200).map((k) => k.slice(K.area('').length));
    await Promise.all(
      ids.map(async (id) => {
        const meta = await redis.hmGet(K.area(id), ['commune', 'province', 'una', 'upc', 'ucc']);
        for (const [ci, c] of CONTESTS.entries()) {
          const hist = await store.history(electionId, id, c);
          events += hist.length;
          const f = foldRecordHistory(hist);
          const stored = await store.record(electionId, id, c);
          if ((stored?.state ?? 'not-started') !== f.state)
            mismatches.push(`record ${id}/${c}: stored ${stored?.state}, replayed ${f.state}`);
          const unit = meta[2 + ci] ?? '';
          const counted = f.state === 'submitted' || f.state === 'confirmed';
          for (const scope of [`unit:${unit}`, `commune:${meta[0]}`, `province:${meta[1]}`, 'nation']) {
            const k = `${c}|${scope}`;
            add(k, 'areas', 1);
            if (f.state !== 'not-started') add(k, f.state, 1);
            if (counted && f.flags.length) add(k, 'flagged', 1);
            COUNT_FIELDS.slice(6, 12).forEach((field, n) => {
              if (counted) add(k, field, f.numbers[n] ?? 0);
              if (f.state === 'confirmed') add(k, `c${field}`, f.numbers[n] ?? 0);
            });
          }
          for (const [cand, v] of Object.entries(f.votes)) {
            if (counted) add(`${c}|unit:${unit}`, `p:${cand}`, v);
            if (f.state === 'confirmed') add(`${c}|unit:${unit}`, `c:${cand}`, v);
          }
        }
      }),
    );
  }
  for (const [k, want] of sums) {
    const [contest, scope] = k.split('|') as [string, string];
    const got = await redis.hGetAll(K.countTotals(contest, scope));
    const fields = new Set([
      ...COUNT_FIELDS.slice(0, 18),
      ...Object.keys(want),
      ...Object.keys(got).filter((x) => x.includes(':')),
    ]);
    for (const field of fields) {
      const a = Number(got[field] ?? 0);
      const b = want[field] ?? 0;
      if (a !== b) mismatches.push(`${contest}:${scope}.${field}: stored ${a}, replayed ${b}`);
    }
  }
  return { records: areaKeys.length * CONTESTS.length, events, scopes: sums.size, mismatches };
}
