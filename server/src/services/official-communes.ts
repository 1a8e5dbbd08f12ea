import type { Commune, Province } from '@ecc/shared';
import { loadOfficialLists } from '@ecc/fixtures';

interface Official {
  communes: ReadonlyMap<string, Commune>;
  provinces: ReadonlyMap<string, Province>;
}
const cache = new Map<string, Official>();

/**
 * The official provinces and communes as they stood on a date (the project's copy of the lists, fixtures/geo):
 * what imported polling areas and units are checked against. Read once per date.
 */
export function officialLists(asOf: string): Official {
  let o = cache.get(asOf);
  if (!o) {
    const l = loadOfficialLists({ asOf });
    o = {
      communes: new Map(l.communes.map((c) => [c.code, c])),
      provinces: new Map(l.provinces.map((p) => [p.code, p])),
    };
    cache.set(asOf, o);
  }
  return o;
}
