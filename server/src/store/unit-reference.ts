import type { Candidate, ElectoralUnit } from '@ecc/shared';
import { candidateSchema, electoralUnitSchema } from '@ecc/shared';
import { z } from 'zod';
import { BoundedTtlCache } from './bounded-cache.js';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';

export interface UnitReference {
  unit: ElectoralUnit;
  candidates: Candidate[];
  /** Voters on the unit's list for its contest (reference data, §1.3). */
  registered: number;
}

const TTL_MS = 30_000;
/** Units kept at once (~5 KB each parsed): the counting night's working set, not the 21,483 of the country. */
const MAX_UNITS = 2_000;
const candidatesSchema = z.array(candidateSchema);

/**
 * An electoral unit with its seats and candidates, cached for 30 s per election: every counting record is checked
 * against them (§2.6 the unit's candidates, §2.7 valid × seats) and they change only by import (issue 9).
 */
export class UnitReferenceReader {
  private cache: BoundedTtlCache<UnitReference | null>;
  constructor(
    private redis: Redis,
    now: () => number = Date.now,
  ) {
    this.cache = new BoundedTtlCache(TTL_MS, MAX_UNITS, now);
  }

  get(electionId: string, unitId: string): Promise<UnitReference | null> {
    return this.cache.get(`${electionId}|${unitId}`, () => this.fetch(electionId, unitId));
  }

  private async fetch(electionId: string, unitId: string): Promise<UnitReference | null> {
    const K = electionKeys(electionId);
    const contest = unitId.slice(0, 2);
    const [unit, cands, reg] = await Promise.all([
      this.redis.hGet(K.units(contest), unitId),
      this.redis.get(K.candidates(unitId)),
      this.redis.hGet(K.unitRegistered(contest), unitId),
    ]);
    if (!unit) return null;
    return {
      unit: electoralUnitSchema.parse(JSON.parse(unit)),
      candidates: cands ? candidatesSchema.parse(JSON.parse(cands)) : [],
      registered: Number(reg ?? 0),
    };
  }
}
