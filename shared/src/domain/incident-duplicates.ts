import type { Incident } from '../schemas/incident.js';

export const DUPLICATE_RADIUS_M = 500;
export const DUPLICATE_WINDOW_MS = 30 * 60_000;
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine; plenty for 500 m). */
export function haversineM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

type DupFields = Pick<
  Incident,
  'id' | 'category' | 'state' | 'pollingAreaId' | 'lat' | 'lon' | 'observedAt' | 'createdAt'
>;

const when = (i: DupFields) => {
  const t = Date.parse(i.observedAt);
  return Number.isFinite(t) ? t : i.createdAt;
};

/**
 * Whether two reports likely describe the same event: same category, observed within 30 minutes of each
 * other, and the same polling area or positions within 500 m.
 */
export function likelyDuplicate(a: DupFields, b: DupFields): boolean {
  if (a.id === b.id || a.category !== b.category) return false;
  if (Math.abs(when(a) - when(b)) > DUPLICATE_WINDOW_MS) return false;
  if (a.pollingAreaId !== undefined && a.pollingAreaId === b.pollingAreaId) return true;
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return false;
  return haversineM({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon }) <= DUPLICATE_RADIUS_M;
}

/**
 * Candidates an incident could be merged into: likely duplicates that are not themselves duplicates or
 * rejected, oldest first (the original is the one reported first).
 */
export function duplicateSuggestions<T extends DupFields>(incident: DupFields, others: readonly T[]): T[] {
  return others
    .filter((o) => o.state !== 'duplicate' && o.state !== 'rejected' && likelyDuplicate(incident, o))
    .sort((x, y) => x.createdAt - y.createdAt);
}
