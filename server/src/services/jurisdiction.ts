import type { Place, Role, Target } from '@ecc/shared';
import { placeOfScope, ROLE_LEVELS } from '@ecc/shared';
import type { ElectionsService } from './elections.service.js';

export interface PlaceLookup {
  unitProvince(electionId: string, unitId: string): Promise<string | null>;
  areaExists(electionId: string, areaId: string): Promise<boolean>;
}

/**
 * A jurisdiction typed as a scope (`commune:00101`, `unit:pc-01-2`) → a place with its lineage, checked
 * against the election's reference data and the role. Null when it does not exist or does not fit the role.
 */
export async function resolveJurisdiction(
  elections: ElectionsService,
  lookup: PlaceLookup,
  electionId: string,
  role: Role,
  scope: string,
): Promise<Place | null> {
  const place = placeOfScope(scope);
  if (!place || !ROLE_LEVELS[role].includes(place.level)) return null;
  if (place.level === 'nation') return place;
  const ctx = await elections.get(electionId);
  if (!ctx) return null;
  switch (place.level) {
    case 'province':
      return ctx.provinces.has(place.province!) ? place : null;
    case 'commune': {
      const c = ctx.communes.get(place.commune!);
      return c ? { ...place, province: c.provinceCode } : null;
    }
    case 'area': {
      const c = ctx.communes.get(place.commune!);
      return c && (await lookup.areaExists(electionId, place.area!)) ? { ...place, province: c.provinceCode } : null;
    }
    case 'unit': {
      const province = await lookup.unitProvince(electionId, place.unit!);
      return province ? { ...place, province } : null;
    }
  }
}

/** A place as the target of an action on it (accounts are "at" their jurisdiction). */
export function placeTarget(p: Place): Target {
  const t: Target = {};
  if (p.province) t.province = p.province;
  if (p.commune) t.commune = p.commune;
  if (p.area) t.area = p.area;
  if (p.unit) t.unit = p.unit;
  return t;
}
