import type { AreaFacts, ReferenceData, Totals } from '@ecc/shared';
import { aggregateAreas } from '@ecc/shared';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { readTotals } from '../src/store/scopes.store.js';
import { readHistory } from '../src/store/turnout.store.js';

/** The stored incremental aggregates of every scope, as Totals. */
export async function storedTotals(redis: Redis, data: ReferenceData): Promise<Map<string, Totals>> {
  const scopes = [
    'nation',
    ...new Set(data.areas.map((a) => `province:${a.provinceCode}`)),
    ...new Set(data.areas.map((a) => `commune:${a.communeCode}`)),
  ];
  const out = new Map<string, Totals>();
  for (const s of scopes) out.set(s, await readTotals(redis, data.election.id, s));
  return out;
}

/** Totals recomputed from the stored areas alone: what the aggregates must equal. */
export async function recomputedTotals(redis: Redis, data: ReferenceData): Promise<Map<string, Totals>> {
  const K = electionKeys(data.election.id);
  const facts: AreaFacts[] = [];
  for (const a of data.areas) {
    const [voted, rep, last] = await redis.hmGet(K.area(a.id), ['voted', 'rep', 'last']);
    facts.push({
      id: a.id,
      communeCode: a.communeCode,
      provinceCode: a.provinceCode,
      registered: a.registered.na,
      registeredCc: a.registered.cc,
      voted: Number(voted),
      reported: rep === '1',
      lastAt: Number(last),
    });
  }
  return aggregateAreas(facts);
}

/** Each area's current count replayed from its history list (the event log of accepted reports). */
export async function replayedFromHistory(redis: Redis, data: ReferenceData): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const a of data.areas) {
    const entries = await readHistory(redis, data.election.id, a.id);
    out.set(a.id, entries.length ? entries.at(-1)!.voted : 0);
  }
  return out;
}
