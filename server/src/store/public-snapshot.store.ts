import type { Candidate, ElectoralUnit, PublicArea, PublicCandidate, PublicUnit } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';

/**
 * A candidate's published short profile: a whitelist, so a field added to the reference data is never leaked.
 * `photo` is the address of the photo a committee uploaded (the reference data's own `photo` is a file name, not
 * an address a browser can load, and is never passed on).
 */
export function publicProfile(c: Candidate & Record<string, unknown>, photo?: string): PublicCandidate {
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
    ...(photo ? { photo } : {}),
  };
}

/**
 * What a public change touched: a commune (an area edit), a unit (a withdrawal, a photo: every commune the unit
 * spans) or everything (an election edit). Snapshots of other communes keep their bytes and ETags.
 */
export type PublicScope = `commune:${string}` | `unit:${string}` | 'all';

const CHANGES_MAXLEN = 10_000;

/**
 * Tells every instance's public lookup that what it shows changed, and where: the counter and the change entry
 * move together (MULTI), so an instance that sees the counter move by n finds n entries, or rebuilds everything.
 */
export async function bumpPublicVersion(
  redis: Redis,
  electionId: string,
  scopes: PublicScope[] = ['all'],
): Promise<void> {
  const K = electionKeys(electionId);
  await redis
    .multi()
    .incr(K.publicVersion)
    .xAdd(
      K.publicChanges,
      '*',
      { scope: scopes.join(' ') },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: CHANGES_MAXLEN } },
    )
    .exec();
}

/** The public version of an election as one instance last saw it. */
export interface PublicVersion {
  /** The reference data's load marker: a new import rebuilds everything. */
  loaded: string;
  /** The public version counter (bumpPublicVersion). */
  pubver: number;
  /** The counting results log's counter (it moves with every record: followed more slowly). */
  results: number;
}

/** Reads what a commune's public snapshot holds, in a few round trips (all keys share the election's slot). */
export class PublicSnapshotStore {
  constructor(private redis: Redis) {}

  /** One round trip: the three counters a public snapshot depends on. */
  async version(electionId: string): Promise<PublicVersion> {
    const K = electionKeys(electionId);
    const [loaded, ver, results] = await this.redis.mGet([K.loaded, K.publicVersion, K.resultsSeq]);
    return { loaded: loaded ?? '', pubver: Number(ver ?? 0), results: Number(results ?? 0) };
  }

  /** The id of the newest change entry ('0-0' when none): where an instance starts following changes. */
  async lastChangeId(electionId: string): Promise<string> {
    const [last] = await this.redis.xRevRange(electionKeys(electionId).publicChanges, '+', '-', { COUNT: 1 });
    return last?.id ?? '0-0';
  }

  /** Change entries after `afterId`, oldest first: their scopes and the id of the last one. */
  async changesSince(
    electionId: string,
    afterId: string,
    limit: number,
  ): Promise<{ scopes: string[][]; lastId: string }> {
    const entries = await this.redis.xRange(electionKeys(electionId).publicChanges, `(${afterId}`, '+', {
      COUNT: limit,
    });
    return {
      scopes: entries.map((e) => (e.message.scope ?? 'all').split(' ')),
      lastId: entries.at(-1)?.id ?? afterId,
    };
  }

  /**
   * Units whose counting records changed after results entry `since`, up to entry `to` (pages of `page`), and
   * whether entries are missing (the log is capped: an instance that fell behind cannot tell which units moved).
   */
  async resultUnitsBetween(
    electionId: string,
    since: number,
    to: number,
    page: number,
  ): Promise<{ units: string[]; upTo: number; gap: boolean }> {
    const entries = await this.redis.xRange(electionKeys(electionId).resultsLog, `${since + 1}-0`, `${to}-0`, {
      COUNT: page,
    });
    const first = entries[0] ? Number(entries[0].id.split('-')[0]) : to + 1;
    return {
      units: entries.map((e) => e.message.unit ?? '').filter(Boolean),
      upTo: entries.length < page ? to : Number(entries.at(-1)!.id.split('-')[0]),
      gap: first > since + 1,
    };
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
    const lists = cands.map((raw) => JSON.parse(raw ?? '[]') as (Candidate & Record<string, unknown>)[]);
    // Which candidates have an uploaded photo (reference maintenance, issue 9): served publicly by its own route.
    const withPhoto = new Set<string>();
    const all = lists.flat().map((c) => c.id);
    const exists = await Promise.all(all.map((cid) => this.redis.exists(K.photo(cid))));
    all.forEach((cid, i) => exists[i] === 1 && withPhoto.add(cid));
    const photo = (cid: string) =>
      withPhoto.has(cid) ? `/api/v1/candidates/${cid}/photo?election=${encodeURIComponent(electionId)}` : undefined;
    const out: Record<string, PublicUnit> = {};
    ids.forEach((id, i) => {
      const raw = metas[i];
      if (!raw) return;
      const u = JSON.parse(raw) as ElectoralUnit;
      const list = lists[i]!;
      out[id] = {
        id,
        contest: u.contest,
        number: u.number,
        name: u.name,
        seats: u.seats,
        // A withdrawn candidate (issue 9 keeps them on record) is no longer on the ballot.
        candidates: list.filter((c) => !c.withdrawal).map((c) => publicProfile(c, photo(c.id))),
      };
    });
    return out;
  }
}
