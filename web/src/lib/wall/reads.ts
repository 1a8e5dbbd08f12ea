import { CONTESTS } from '@ecc/shared';
import type { Contest } from '@ecc/shared';
import { fetchScopeView, fetchSeries, fetchSilent, fetchUnitsAtRisk } from '../live/api.js';
import type { ScopeView, SeriesPoint, UnitAtRisk } from '../live/api.js';
import { communeIndex } from '../map/geo.js';

/** Every silent id, because the API counts only the whole scope and the wall groups them by place. */
const SILENT_LIMIT = 100_000;
/** The API's lists are lowest first; these reach the 50 % line for NA and provincial units (a few hundred). */
export const UNIT_LIMITS: Record<Contest, number> = { na: 500, pc: 1000, cc: 1000 };

export interface SilentSummary {
  count: number;
  /**
   * The server's threshold (epoch ms): an area whose last report is older is silent. It is the last due
   * checkpoint minus the election's grace minutes (a report shortly before a checkpoint counts for it).
   */
  threshold: number | null;
  /** Place id (province, or commune when a province is focused) → silent areas. */
  byPlace: Map<string, number>;
  ids: Set<string>;
}
export interface UnitsSummary {
  lists: Record<Contest, UnitAtRisk[]>;
  /** Units at or below 50 % per contest; `saturated` when the list ended before the 50 % line (count is a floor). */
  atOrBelow: Record<Contest, { count: number; saturated: boolean }>;
}

/** The REST reads of one wall focus (`scope`: nation or province:XX), shaped for its panels. */
export interface WallReads {
  names(): Promise<ScopeView>;
  series(): Promise<SeriesPoint[]>;
  silent(): Promise<SilentSummary>;
  units(): Promise<UnitsSummary>;
}

export function wallReads(election: string, scope: string): WallReads {
  const nation = scope === 'nation';
  return {
    names: () => fetchScopeView(election, scope),
    series: () => fetchSeries(election, scope),
    async silent() {
      const [list, index] = await Promise.all([
        fetchSilent(election, scope, SILENT_LIMIT),
        nation ? communeIndex() : Promise.resolve(null),
      ]);
      const byPlace = new Map<string, number>();
      for (const a of list.areas) {
        // Area ids start with their commune's code; the nation groups communes by province.
        const commune = a.id.slice(0, 5);
        const place = index ? (index[commune] ?? '') : commune;
        byPlace.set(place, (byPlace.get(place) ?? 0) + 1);
      }
      const threshold = list.threshold ? Date.parse(list.threshold) : null;
      return { count: list.count, threshold, byPlace, ids: new Set(list.areas.map((a) => a.id)) };
    },
    async units() {
      const got = await Promise.all(CONTESTS.map((c) => fetchUnitsAtRisk(election, scope, c, UNIT_LIMITS[c])));
      const lists = Object.fromEntries(CONTESTS.map((c, i) => [c, got[i]!])) as Record<Contest, UnitAtRisk[]>;
      const atOrBelow = Object.fromEntries(
        CONTESTS.map((c) => {
          const count = lists[c].filter((u) => u.atOrBelowHalf).length;
          return [c, { count, saturated: count > 0 && count === UNIT_LIMITS[c] }];
        }),
      ) as UnitsSummary['atOrBelow'];
      return { lists, atOrBelow };
    },
  };
}
