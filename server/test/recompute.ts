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
    // Registered voters as stored: voter-list changes (§5) move them away from the reference data.
    const [voted, rep, last, reg, regcc] = await redis.hmGet(K.area(a.id), ['voted', 'rep', 'last', 'reg', 'regcc']);
    facts.push({
      id: a.id,
      communeCode: a.communeCode,
      provinceCode: a.provinceCode,
      registered: Number(reg),
      registeredCc: Number(regcc),
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

/** Per contest, each unit's registered and voted figures: as stored (ureg:*, uvoted:*) and recomputed from areas. */
export async function unitFigures(
  redis: Redis,
  data: ReferenceData,
): Promise<{ stored: Record<string, string>; recomputed: Record<string, string> }> {
  const K = electionKeys(data.election.id);
  const stored: Record<string, string> = {};
  const recomputed: Record<string, string> = {};
  for (const c of ['na', 'pc', 'cc'] as const) {
    const [reg, voted] = await Promise.all([redis.hGetAll(K.unitRegistered(c)), redis.hGetAll(K.unitVoted(c))]);
    for (const u of Object.keys(reg)) stored[u] = `${reg[u]}/${voted[u] ?? 0}`;
  }
  const sums = new Map<string, [number, number]>();
  const add = (u: string, r: number, v: number) => {
    const s = sums.get(u) ?? [0, 0];
    sums.set(u, [s[0] + r, s[1] + v]);
  };
  for (const a of data.areas) {
    const [reg, regpc, regcc, voted] = (await redis.hmGet(K.area(a.id), ['reg', 'regpc', 'regcc', 'voted'])).map(
      Number,
    );
    // The commune-council estimate is pro rata (ingest.lua ccShare, docs/decisions/0001).
    const share = reg! > 0 ? Math.floor((voted! * regcc!) / reg!) : 0;
    add(a.units.na, reg!, voted!);
    add(a.units.pc, regpc!, voted!);
    add(a.units.cc, regcc!, share);
  }
  for (const u of data.units) {
    const s = sums.get(u.id) ?? [0, 0];
    recomputed[u.id] = `${s[0]}/${s[1]}`;
  }
  return { stored, recomputed };
}

/** Areas the silence index holds at +inf (100 %), and the areas whose stored figures say they are at 100 %. */
export async function fullAreas(redis: Redis, data: ReferenceData): Promise<{ indexed: string[]; full: string[] }> {
  const K = electionKeys(data.election.id);
  const indexed = (await redis.zRangeByScore(K.lastReport, '+inf', '+inf')).sort();
  const full: string[] = [];
  for (const a of data.areas) {
    const [reg, voted] = (await redis.hmGet(K.area(a.id), ['reg', 'voted'])).map(Number);
    if (reg! > 0 && reg === voted) full.push(a.id);
  }
  return { indexed, full: full.sort() };
}
