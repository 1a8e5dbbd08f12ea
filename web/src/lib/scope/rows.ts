import { percentHundredths } from '@ecc/shared';
import type { ChildFigures, Figures } from '@ecc/shared';
import { matchesQuery } from '../format/search.js';

/** One line of a children table: the name from the REST snapshot, the figures from the live stream. */
export interface Row {
  id: string;
  name: string;
  figures: Figures;
  /** Turnout in hundredths of a percent (the law's rounding), so sorting agrees with what is printed. */
  turnout: number;
  /** Share of polling areas reporting, 0..1. */
  reporting: number;
}

export type SortKey = 'name' | 'turnout' | 'reporting';
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

/** Who lags first: lowest turnout at the top. */
export const DEFAULT_SORT: Sort = { key: 'turnout', dir: 'asc' };

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Joins names (from the snapshot) with figures: live ones when present, else the snapshot's. A child the live
 * stream knows but the snapshot does not keeps its code as name.
 */
export function buildRows(
  named: readonly ({ id: string; name: string } & Figures)[],
  live: ChildFigures | null,
): Row[] {
  const names = new Map(named.map((c) => [c.id, c.name]));
  const figures = new Map<string, Figures>(named.map((c) => [c.id, c]));
  for (const [id, f] of Object.entries(live ?? {})) figures.set(id, f);
  return [...figures].map(([id, f]) => ({
    id,
    name: names.get(id) ?? id,
    figures: f,
    turnout: percentHundredths(f.voted, f.registered),
    reporting: f.areas > 0 ? f.reporting / f.areas : 0,
  }));
}

export function filterRows(rows: readonly Row[], query: string): Row[] {
  return rows.filter((r) => matchesQuery(r.name, query) || r.id.startsWith(query.trim()));
}

/** Sorts a copy; ties fall back to the name, then the code, so the order never flickers between updates. */
export function sortRows(rows: readonly Row[], sort: Sort): Row[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
  const primary = (a: Row, b: Row): number =>
    sort.key === 'name' ? byName(a, b) : sort.key === 'turnout' ? a.turnout - b.turnout : a.reporting - b.reporting;
  return [...rows].sort((a, b) => sign * primary(a, b) || byName(a, b));
}

/** Clicking the sorted column flips its direction; another column starts ascending. */
export function toggleSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}
