import type { PublicUnitResult } from '@ecc/shared';
import type { ResultsSource } from './public-lookup.service.js';
import type { ResultsService } from './results.service.js';

/**
 * What the public lookup shows of counting (issue 5): a unit's result only once every polling area's record of
 * that unit has been confirmed by its Election Board (`complete`), from the confirmed layer; votes per candidate
 * and who is elected (§2.8). Nothing provisional is ever public.
 */
export function confirmedResults(results: ResultsService): ResultsSource {
  return async (electionId, unitIds) => {
    const out: Record<string, PublicUnitResult> = {};
    for (const id of unitIds) {
      const r = await results.unit(electionId, id);
      if (!r?.complete) continue;
      out[id] = {
        unitId: id,
        candidates: r.confirmed.candidates.map((c) => ({ id: c.id, votes: c.votes, elected: c.elected })),
      };
    }
    return Object.keys(out).length > 0 ? out : null;
  };
}
