import type { Figures } from '../schemas/figures.js';

export interface AreaFacts {
  id: string;
  communeCode: string;
  provinceCode: string;
  registered: number;
  registeredCc: number;
  voted: number;
  reported: boolean;
  lastAt: number;
}

export type Totals = Omit<Figures, 'seq'>;

function blank(): Totals {
  return {
    registered: 0,
    registeredCc: 0,
    voted: 0,
    areas: 0,
    reporting: 0,
    full: 0,
    communes: 0,
    communesFull: 0,
    lastAt: 0,
  };
}

/**
 * Recomputes every scope's totals from the areas alone (§2.7 "unit totals = Σ of its polling areas"): the
 * reference the incremental aggregates must always equal. A commune is "at 100 %" when all its voters voted.
 */
export function aggregateAreas(areas: readonly AreaFacts[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  const get = (k: string) => {
    let t = out.get(k);
    if (!t) out.set(k, (t = blank()));
    return t;
  };
  for (const a of areas) {
    for (const k of ['nation', `province:${a.provinceCode}`, `commune:${a.communeCode}`]) {
      const t = get(k);
      t.registered += a.registered;
      t.registeredCc += a.registeredCc;
      t.voted += a.voted;
      t.areas += 1;
      t.reporting += a.reported ? 1 : 0;
      t.full += a.registered > 0 && a.voted === a.registered ? 1 : 0;
      t.lastAt = Math.max(t.lastAt, a.lastAt);
    }
  }
  const communeOf = new Map(areas.map((a) => [a.communeCode, a.provinceCode]));
  for (const [k, t] of out) {
    if (!k.startsWith('commune:')) continue;
    t.communes = 1;
    t.communesFull = t.registered > 0 && t.voted === t.registered ? 1 : 0;
    const prov = communeOf.get(k.slice(8));
    for (const up of prov ? ['nation', `province:${prov}`] : []) {
      const u = get(up);
      u.communes += 1;
      u.communesFull += t.communesFull;
    }
  }
  return out;
}
