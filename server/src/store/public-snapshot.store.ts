import type { Candidate, ElectoralUnit, PublicArea, PublicCandidate, PublicUnit } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';

/**
 * A candidate's published short profile: a whitelist, so a field added to the reference data is never leaked.
 * (The photo is a file name in the reference data, not an address a browser can load: left out until it is.)
 */
export function publicProfile(c: Candidate & Record<string, unknown>): PublicCandidate {
  const opt = (k: string) => (typeof c[k] === 'string' && c[k] !== '' ? { [k]: c[k] as string } : {});
  return {
    id: c.id,
    fullName: c.fullName,
    birthDate: c.birthDate,
    gender: c.gender,
    ...opt('ethnicity'),
    ...opt('occupation'),
    ...opt('workplace'),
    ...opt('nomination'),
  };
}

/** Tells every instance's public lookup that what it shows changed (an area edit, a withdrawal): it rebuilds. */
export async function bumpPublicVersion(redis: Redis, electionId: string): Promise<void> {
  await redis.incr(electionKeys(electionId).publicVersion);
}

/** Reads what a commune's public snapshot holds, in a few round trips (all keys share the election's slot). */
export class PublicSnapshotStore {
  constructor(private redis: Redis) {}

  /**
   * The election's version of public content: its load marker and the public version counter (`base`), and the
   * counting results log's counter (`results`: it moves with every record, so it is followed more slowly).
   */
  async version(electionId: string): Promise<{ base: string; results: string }> {
    const K = electionKeys(electionId);
    const [loaded, ver, results] = await this.redis.mGet([K.loaded, K.publicVersion, K.resultsSeq]);
    return { base: `${loaded ?? ''}|${ver ?? 0}`, results: results ?? '0' };
  }

  async bump(electionId: string): Promise<void> {
    await this.redis.incr(electionKeys(electionId).publicVersion);
  }

  async communeCodes(electionId: string): Promise<string[]> {
    const K = electionKeys(electionId);
    const provinces = await this.redis.lRange(K.kids('nation'), 0, -1);
    const lists = await Promise.all(provinces.map((p) => this.redis.lRange(K.kids(`province:${p}`), 0, -1)));
    return lists.flat();
  }

  async areas(electionId: string, communeCode: string, electionDate: string): Promise<PublicArea[]> {
    const K = electionKeys(electionId);
    const ids = await this.redis.lRange(K.kids(`commune:${communeCode}`), 0, -1);
    const rows = await Promise.all(
      ids.map((id) => this.redis.hmGet(K.area(id), ['name', 'address', 'kind', 'date', 'una', 'upc', 'ucc'])),
    );
    return ids.map((id, i) => {
      const r = rows[i]!;
      return {
        id,
        number: Number(id.slice(6)),
        name: r[0] ?? id,
        address: r[1] ?? '',
        kind: (r[2] ?? 'regular') as PublicArea['kind'],
        votingDate: r[3] ?? electionDate,
        early: (r[3] ?? electionDate) !== electionDate,
        units: { na: r[4] ?? '', pc: r[5] ?? '', cc: r[6] ?? '' },
      };
    });
  }

  async units(electionId: string, unitIds: string[]): Promise<Record<string, PublicUnit>> {
    const K = electionKeys(electionId);
    const ids = [...new Set(unitIds)].filter(Boolean);
    if (ids.length === 0) return {};
    const [metas, cands] = await Promise.all([
      Promise.all(ids.map((id) => this.redis.hGet(K.units(id.slice(0, 2)), id))),
      this.redis.mGet(ids.map((id) => K.candidates(id))),
    ]);
    const out: Record<string, PublicUnit> = {};
    ids.forEach((id, i) => {
      const raw = metas[i];
      if (!raw) return;
      const u = JSON.parse(raw) as ElectoralUnit;
      const list = JSON.parse(cands[i] ?? '[]') as (Candidate & Record<string, unknown>)[];
      out[id] = {
        id,
        contest: u.contest,
        number: u.number,
        name: u.name,
        seats: u.seats,
        // A withdrawn candidate (issue 9 keeps them on record) is no longer on the ballot.
        candidates: list.filter((c) => !c.withdrawal).map(publicProfile),
      };
    });
    return out;
  }
}
