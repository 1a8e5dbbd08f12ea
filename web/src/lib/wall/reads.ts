import { CONTESTS } from '@ecc/shared';
import type { Contest } from '@ecc/shared';
import { fetchScopeView, fetchSeries, fetchSilent, fetchSilentByChild, fetchUnitsAtRisk } from '../live/api.js';
import type { ScopeView, SeriesPoint, SilentByChild, SilentList, UnitAtRisk } from '../live/api.js';

/** A commune's silent ids (for its polling-area points); a commune has far fewer areas than this. */
const COMMUNE_SILENT_LIMIT = 10_000;
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
  /** Silent polling-area ids of the focused commune (empty without one): the only ids the wall draws. */
  ids: Set<string>;
}

/**
 * The focus's silent areas as the panels use them: counts per child from the server's `?groupBy=child` (no
 * list of every silent id), and the focused commune's own ids, if any.
 */
export function silentSummary(grouped: SilentByChild, commune: SilentList | null): SilentSummary {
  return {
    count: grouped.count,
    threshold: grouped.threshold ? Date.parse(grouped.threshold) : null,
    byPlace: new Map(Object.entries(grouped.byChild)),
    ids: new Set(commune?.areas.map((a) => a.id) ?? []),
  };
}
export interface UnitsSummary {
  lists: Record<Contest, UnitAtRisk[]>;
  /** Units at or below 50 % per contest; `saturated` when the list ended before the 50 % line (count is a floor). */
  atOrBelow: Record<Contest, { count: number; saturated: boolean }>;
}

/**
 * The REST reads of one wall focus (`scope`: nation or province:XX; `commune`: a commune of that province whose
 * polling areas the map shows), shaped for its panels.
 */
export interface WallReads {
  names(): Promise<ScopeView>;
  series(): Promise<SeriesPoint[]>;
  silent(): Promise<SilentSummary>;
  units(): Promise<UnitsSummary>;
}

export function wallReads(election: string, scope: string, commune: string | null = null): WallReads {
  return {
    names: () => fetchScopeView(election, scope),
    series: () => fetchSeries(election, scope),
    async silent() {
      const [grouped, own] = await Promise.all([
        fetchSilentByChild(election, scope),
        commune ? fetchSilent(election, `commune:${commune}`, COMMUNE_SILENT_LIMIT) : Promise.resolve(null),
      ]);
      return silentSummary(grouped, own);
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
