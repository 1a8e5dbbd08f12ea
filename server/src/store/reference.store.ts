import type { Election, PollingArea, ReferenceData } from '@ecc/shared';
import { electionSchema, votingWindow } from '@ecc/shared';
import { electionKeys, GLOBAL_KEYS } from './keys.js';
import type { ElectionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { revokeElectionTokens } from './tokens.store.js';
import { loadCountingReference } from './counting-reference.js';

const CHUNK = 2000;

/** Sends commands in bounded chunks: node-redis pipelines the commands issued in one tick. */
async function inChunks<T>(items: readonly T[], send: (item: T) => Promise<unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    await Promise.all(items.slice(i, i + CHUNK).flatMap(send));
  }
}

/**
 * The area's facts the ingest script needs, packed in two fields (two listpack searches instead of seven), each
 * within Redis's 64-byte listpack values (one longer value turns the whole hash into a hashtable, ~3× the memory):
 * `w` = "open close commune province" and `u` = "una upc ucc", tab-separated. area-edit.lua rewrites `u`.
 */
export function ingestFacts(open: number, close: number, a: PollingArea): { w: string; u: string } {
  return {
    w: [open, close, a.communeCode, a.provinceCode].join('\t'),
    u: [a.units.na, a.units.pc, a.units.cc].join('\t'),
  };
}

function sum(areas: readonly PollingArea[], f: (a: PollingArea) => number): number {
  return areas.reduce((s, a) => s + f(a), 0);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  }
  return m;
}

/**
 * Writes an election's reference data and zeroed aggregates. The election's namespace must be empty
 * (see deleteElection); the `loaded` marker is written last so a half-finished load is never taken for a loaded one.
 */
export async function loadReference(
  redis: Redis,
  data: ReferenceData,
  // Imports and drill resets write under the staging keys, then swap them in (reference-swap.ts).
  K: ElectionKeys = electionKeys(data.election.id),
  opts: { registry?: boolean } = {},
): Promise<void> {
  const { election } = data;
  const aggFields = (areas: readonly PollingArea[], communes: number) => ({
    reg: sum(areas, (a) => a.registered.na),
    regcc: sum(areas, (a) => a.registered.cc),
    voted: 0,
    areas: areas.length,
    rep: 0,
    full: 0,
    com: communes,
    comfull: 0,
    last: 0,
    seq: 0,
  });
  if (opts.registry !== false) await redis.hSet(GLOBAL_KEYS.elections, election.id, JSON.stringify(election));

  await inChunks(data.areas, (a) => {
    const w = votingWindow(election, a.votingDate);
    return [
      // The ingest script's fields first, in the order it reads them (a listpack is searched from its head).
      redis.hSet(K.area(a.id), {
        ...ingestFacts(w.open, w.close, a),
        reg: a.registered.na,
        regcc: a.registered.cc,
        voted: 0,
        last: 0,
        seq: 0,
        rep: 0,
        full: 0,
        regpc: a.registered.pc,
        areas: 1,
        open: w.open,
        close: w.close,
        commune: a.communeCode,
        province: a.provinceCode,
        una: a.units.na,
        upc: a.units.pc,
        ucc: a.units.cc,
        date: a.votingDate,
        name: a.name,
        address: a.address,
        kind: a.kind,
        ...(a.lat !== undefined && a.lon !== undefined ? { lat: a.lat, lon: a.lon } : {}),
      }),
      redis.zAdd(K.lastReport, { score: 0, value: a.id }),
    ];
  });

  const byCommune = groupBy(data.areas, (a) => a.communeCode);
  const byProvince = groupBy(data.areas, (a) => a.provinceCode);
  const communesWithAreas = groupBy(
    [...byCommune.values()].map((l) => l[0]!),
    (a) => a.provinceCode,
  );
  await inChunks([...byCommune], ([code, areas]) => [
    redis.hSet(K.agg(`commune:${code}`), aggFields(areas, 1)),
    redis.rPush(
      K.kids(`commune:${code}`),
      areas.map((a) => a.id),
    ),
  ]);
  await inChunks([...byProvince], ([code, areas]) => [
    redis.hSet(K.agg(`province:${code}`), aggFields(areas, communesWithAreas.get(code)?.length ?? 0)),
    redis.rPush(K.kids(`province:${code}`), [...new Set(areas.map((a) => a.communeCode))].sort()),
  ]);
  await redis.hSet(K.agg('nation'), aggFields(data.areas, byCommune.size));
  await redis.rPush(K.kids('nation'), [...byProvince.keys()].sort());

  await inChunks(data.provinces, (p) => [redis.hSet(K.provinces, p.code, JSON.stringify(p))]);
  await inChunks(data.communes, (c) => [redis.hSet(K.communes, c.code, JSON.stringify(c))]);
  const early = data.areas.filter((a) => a.votingDate !== election.date);
  if (early.length) await redis.hSet(K.early, Object.fromEntries(early.map((a) => [a.id, a.votingDate])));

  const registeredByUnit = new Map<string, number>();
  for (const a of data.areas) {
    for (const c of ['na', 'pc', 'cc'] as const) {
      registeredByUnit.set(a.units[c], (registeredByUnit.get(a.units[c]) ?? 0) + a.registered[c]);
    }
  }
  await inChunks(data.units, (u) => [
    redis.hSet(K.units(u.contest), u.id, JSON.stringify(u)),
    redis.hSet(K.unitRegistered(u.contest), u.id, registeredByUnit.get(u.id) ?? 0),
    redis.hSet(K.unitVoted(u.contest), u.id, 0),
  ]);
  const byUnit = groupBy(data.candidates, (c) => c.unitId);
  await inChunks([...byUnit], ([unitId, cands]) => [redis.set(K.candidates(unitId), JSON.stringify(cands))]);
  await loadCountingReference(redis, data, K);
  await redis.set(K.loaded, new Date().toISOString());
}

export async function isLoaded(redis: Redis, electionId: string): Promise<boolean> {
  return (await redis.exists(electionKeys(electionId).loaded)) === 1;
}

/**
 * Removes one election's whole namespace, its registry entry and its device tokens, and nothing else (keys are
 * found by their hash-tag prefix): resetting a drill cannot touch another election.
 */
export async function deleteElection(redis: Redis, electionId: string): Promise<number> {
  let deleted = 0;
  for await (const batch of redis.scanIterator({ MATCH: `${electionKeys(electionId).prefix}*`, COUNT: 5000 })) {
    if (batch.length) deleted += await redis.unlink(batch);
  }
  await redis.hDel(GLOBAL_KEYS.elections, electionId);
  await revokeElectionTokens(redis, electionId);
  return deleted;
}

export async function readElection(redis: Redis, electionId: string): Promise<Election | null> {
  const raw = await redis.hGet(GLOBAL_KEYS.elections, electionId);
  return raw ? electionSchema.parse(JSON.parse(raw)) : null;
}

export async function listElections(redis: Redis): Promise<Election[]> {
  const all = await redis.hGetAll(GLOBAL_KEYS.elections);
  return Object.values(all).map((raw) => electionSchema.parse(JSON.parse(raw)));
}

/** The province of an electoral unit, or null when the election has no such unit. */
export async function unitProvince(redis: Redis, electionId: string, unitId: string): Promise<string | null> {
  const raw = await redis.hGet(electionKeys(electionId).units(unitId.slice(0, 2)), unitId);
  return raw ? (JSON.parse(raw) as { provinceCode: string }).provinceCode : null;
}

export async function areaExists(redis: Redis, electionId: string, areaId: string): Promise<boolean> {
  return (await redis.exists(electionKeys(electionId).area(areaId))) === 1;
}

/** A commune's polling areas with their names, in order (provisioning). */
export async function areasOfCommune(redis: Redis, electionId: string, communeCode: string) {
  const K = electionKeys(electionId);
  const ids = await redis.lRange(K.kids(`commune:${communeCode}`), 0, -1);
  const names = await Promise.all(ids.map((id) => redis.hGet(K.area(id), 'name')));
  return ids.map((id, i) => ({ id, name: names[i] ?? id }));
}

/** Every electoral unit of the election, all three contests. */
export async function listUnits(redis: Redis, electionId: string) {
  const K = electionKeys(electionId);
  const all = await Promise.all((['na', 'pc', 'cc'] as const).map((c) => redis.hVals(K.units(c))));
  return all
    .flat()
    .map((v) => JSON.parse(v) as { id: string; name: string; provinceCode: string; communeCode?: string });
}
