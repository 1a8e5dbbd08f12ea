import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { base } from '$app/paths';

/**
 * The static boundary files under /geo (web/static/geo, made by web/scripts/split-geo.mjs). Each is fetched at
 * most once per page: a drill-down back to a province it already showed costs nothing.
 */
export interface UnitProps {
  code: string;
  name: string;
  full_name: string;
  province_code?: string;
}
export type Boundaries = FeatureCollection<Polygon | MultiPolygon, UnitProps>;
/** Polling-area id → [lon, lat] (synthetic positions inside the commune, see fixtures/src/coordinates.ts). */
export type AreaPoints = Record<string, [number, number]>;

const cache = new Map<string, Promise<unknown>>();

function load<T>(path: string): Promise<T> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(`${base}/geo/${path}`).then((r) => {
      if (!r.ok) throw new Error(`/geo/${path}: HTTP ${r.status}`);
      return r.json() as Promise<unknown>;
    });
    // A failed read is forgotten, so the next attempt fetches again.
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p as Promise<T>;
}

export const provinceBoundaries = () => load<Boundaries>('provinces.geojson');
export const communeBoundaries = (province: string) => load<Boundaries>(`communes/${province}.geojson`);
export const areaPoints = (province: string) => load<AreaPoints>(`areas/${province}.json`);
