import type { Candidate, PollingArea } from '@ecc/shared';
import { CONTESTS } from '@ecc/shared';
import { RESP_TYPES } from 'redis';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';

/** Writes of single reference items after the import: areas (with their aggregates), candidate lists, photos. */
export class ReferenceEditStore {
  private areaEdit: Script;
  private cas: Script;
  constructor(private redis: Redis) {
    this.areaEdit = new Script(redis, 'area-edit');
    this.cas = new Script(redis, 'compare-and-set');
  }

  /**
   * One atomic step (scripts/area-edit.lua) from `before` (as read) to `a`: 'VOTED_EXCEEDS_REGISTERED' when fewer
   * voters than already voted, 'AREA_COUNTED' when a counted area would change unit, 'RETRY' when its units changed
   * since `before` was read. A change of registered voters is logged as a correction (LIST_CORRECTION) by `by`.
   */
  async writeArea(
    electionId: string,
    before: PollingArea,
    a: PollingArea,
    by: { who: string; nowMs: number; note: string },
  ): Promise<'OK' | 'AREA_NOT_FOUND' | 'VOTED_EXCEEDS_REGISTERED' | 'AREA_COUNTED' | 'RETRY'> {
    const K = electionKeys(electionId);
    const perContest = CONTESTS.flatMap((c) => [
      K.unitAreas(before.units[c]),
      K.unitAreas(a.units[c]),
      K.countTotals(c, `unit:${before.units[c]}`),
      K.countTotals(c, `unit:${a.units[c]}`),
      K.countRecord(a.id, c),
    ]);
    const keys = [
      K.area(a.id),
      K.agg(`commune:${a.communeCode}`),
      K.agg(`province:${a.provinceCode}`),
      K.agg('nation'),
      K.unitRegistered('na'),
      K.unitRegistered('pc'),
      K.unitRegistered('cc'),
      K.unitVoted('na'),
      K.unitVoted('pc'),
      K.unitVoted('cc'),
      K.lastReport,
      ...perContest,
      K.voterChanges,
      K.voterChangeSeq,
      K.areaVoterChanges(a.id),
    ];
    const args = [
      a.id,
      String(a.registered.na),
      String(a.registered.pc),
      String(a.registered.cc),
      a.units.na,
      a.units.pc,
      a.units.cc,
      a.name,
      a.address,
      a.kind,
      a.lat === undefined ? '' : String(a.lat),
      a.lon === undefined ? '' : String(a.lon),
      before.units.na,
      before.units.pc,
      before.units.cc,
      String(by.nowMs),
      by.who,
      by.note,
      a.communeCode,
      a.provinceCode,
    ];
    try {
      await this.areaEdit.run(keys, args);
      return 'OK';
    } catch (e) {
      const m = e instanceof Error ? e.message : '';
      if (m.includes('AREA_NOT_FOUND')) return 'AREA_NOT_FOUND';
      if (m.includes('VOTED_EXCEEDS_REGISTERED')) return 'VOTED_EXCEEDS_REGISTERED';
      if (m.includes('AREA_COUNTED')) return 'AREA_COUNTED';
      if (m.includes('RETRY')) return 'RETRY';
      throw e;
    }
  }

  /** Changes a unit's candidate list with `change`, retrying if someone else changed it in between. */
  async updateCandidates(
    electionId: string,
    unitId: string,
    change: (list: Candidate[]) => Candidate[] | null,
  ): Promise<Candidate[] | null> {
    const key = electionKeys(electionId).candidates(unitId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const raw = await this.redis.get(key);
      if (raw === null) return null;
      const next = change(JSON.parse(raw) as Candidate[]);
      if (!next) return null;
      if (Number(await this.cas.run([key], [raw, JSON.stringify(next)])) === 1) return next;
    }
    throw new Error('candidate list kept changing');
  }

  async setPhoto(electionId: string, candidateId: string, bytes: Buffer): Promise<void> {
    await this.redis.set(electionKeys(electionId).photo(candidateId), bytes);
  }

  async photo(electionId: string, candidateId: string): Promise<Buffer | null> {
    const binary = this.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    return (await binary.get(electionKeys(electionId).photo(candidateId))) as Buffer | null;
  }

  async hasPhotos(electionId: string, ids: string[]): Promise<boolean[]> {
    const K = electionKeys(electionId);
    return Promise.all(ids.map(async (id) => (await this.redis.exists(K.photo(id))) === 1));
  }
}
