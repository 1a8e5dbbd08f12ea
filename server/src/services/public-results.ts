import type { PublicUnitResult } from '@ecc/shared';
import type { CountingStore } from '../store/counting.store.js';
import type { ResultsSource } from './public-lookup.service.js';
import type { ResultsService } from './results.service.js';

/**
 * What the public lookup shows of counting (issue 5): a unit's result only once every polling area's record of
 * that unit has been confirmed by its Election Board, from the confirmed layer; votes per candidate and who is
 * elected (§2.8). Nothing provisional is ever public. The completeness check is one read of the unit's totals;
 * the full result (which reads every record of the unit: an NA unit spans hundreds of areas) only for complete
 * units, and once per unit and results version for all the communes that share it.
 */
export function confirmedResults(store: CountingStore, results: ResultsService): ResultsSource {
  const cache = new Map<string, { version: string; r: Promise<PublicUnitResult | null> }>();
  const unitResult = (electionId: string, unitId: string, version: string) => {
    const key = `${electionId}|${unitId}`;
    const hit = cache.get(key);
    if (hit && hit.version === version) return hit.r;
    const r = (async (): Promise<PublicUnitResult | null> => {
      const totals = await store.totals(electionId, unitId.slice(0, 2), `unit:${unitId}`);
      if (!totals || totals.areas === 0 || totals.confirmed !== totals.areas) return null;
      const u = await results.unit(electionId, unitId);
      if (!u?.complete) return null;
      return {
        unitId,
        candidates: u.confirmed.candidates.map((c) => ({ id: c.id, votes: c.votes, elected: c.elected })),
      };
    })();
    cache.set(key, { version, r });
    r.catch(() => cache.delete(key));
    return r;
  };
  return async (electionId, unitIds, version) => {
    const all = await Promise.all(unitIds.map((id) => unitResult(electionId, id, version)));
    const out: Record<string, PublicUnitResult> = {};
    for (const r of all) if (r) out[r.unitId] = r;
    return Object.keys(out).length > 0 ? out : null;
  };
}
