import type { Candidate, Commune, ElectoralUnit, PollingArea, Province, ReferenceData } from '@ecc/shared';
import { CONTESTS } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { readElection } from './reference.store.js';

const CHUNK = 2000;

async function chunked<T, R>(items: readonly T[], f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await Promise.all(items.slice(i, i + CHUNK).map(f))));
  return out;
}

function areaFrom(id: string, h: Record<string, string>): PollingArea {
  return {
    id,
    communeCode: h.commune!,
    provinceCode: h.province!,
    number: Number(id.slice(6)),
    name: h.name ?? '',
    address: h.address ?? '',
    kind: (h.kind ?? 'regular') as PollingArea['kind'],
    registered: { na: Number(h.reg), pc: Number(h.regpc), cc: Number(h.regcc) },
    votingDate: h.date!,
    units: { na: h.una!, pc: h.upc!, cc: h.ucc! },
    ...(h.lat !== undefined && h.lon !== undefined ? { lat: Number(h.lat), lon: Number(h.lon) } : {}),
  };
}

/** A polling area's reference fields as stored (null when the election has no such area). */
export async function readArea(redis: Redis, electionId: string, areaId: string): Promise<PollingArea | null> {
  const h = await redis.hGetAll(electionKeys(electionId).area(areaId));
  return h.commune ? areaFrom(areaId, h) : null;
}

/** Candidates of one unit (withdrawn ones included, with their withdrawal). */
export async function readCandidates(redis: Redis, electionId: string, unitId: string): Promise<Candidate[]> {
  const raw = await redis.get(electionKeys(electionId).candidates(unitId));
  return raw ? (JSON.parse(raw) as Candidate[]) : [];
}

export async function readUnit(redis: Redis, electionId: string, unitId: string): Promise<ElectoralUnit | null> {
  const raw = await redis.hGet(electionKeys(electionId).units(unitId.slice(0, 2)), unitId);
  return raw ? (JSON.parse(raw) as ElectoralUnit) : null;
}

/**
 * An election's whole reference data read back from its namespace (export, drill reset, re-vote, partial imports).
 * Areas are found through the scope tree (nation → provinces → communes → areas), so no key scan is needed.
 */
export async function readReference(redis: Redis, electionId: string): Promise<ReferenceData | null> {
  const election = await readElection(redis, electionId);
  if (!election) return null;
  const K = electionKeys(electionId);
  const [provRaw, commRaw] = await Promise.all([redis.hGetAll(K.provinces), redis.hGetAll(K.communes)]);
  const provinces = Object.values(provRaw).map((v) => JSON.parse(v) as Province);
  const communes = Object.values(commRaw).map((v) => JSON.parse(v) as Commune);
  const provinceIds = await redis.lRange(K.kids('nation'), 0, -1);
  const communeIds = (await chunked(provinceIds, (p) => redis.lRange(K.kids(`province:${p}`), 0, -1))).flat();
  const areaIds = (await chunked(communeIds, (c) => redis.lRange(K.kids(`commune:${c}`), 0, -1))).flat();
  const hashes = await chunked(areaIds, (id) => redis.hGetAll(K.area(id)));
  const areas = areaIds.map((id, i) => areaFrom(id, hashes[i]!));
  const units = (await Promise.all(CONTESTS.map((c) => redis.hVals(K.units(c)))))
    .flat()
    .map((v) => JSON.parse(v) as ElectoralUnit);
  const candidates = (await chunked(units, (u) => redis.get(K.candidates(u.id))))
    .filter((v): v is string => v !== null)
    .flatMap((v) => JSON.parse(v) as Candidate[]);
  return { election, provinces, communes, areas, units, candidates };
}
