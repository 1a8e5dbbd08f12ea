import type { Incident, Severity } from '@ecc/shared';

export interface IncidentPoint {
  id: string;
  lat: number;
  lon: number;
  severity: Severity;
}

export interface Cluster {
  lat: number;
  lon: number;
  count: number;
  /** The worst severity inside: the marker's colour. */
  severity: Severity;
  ids: string[];
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/**
 * Where to draw an incident: its GPS position, else its polling area's point (areaPoints: id → [lon, lat]),
 * else nowhere (a commune-level report without a position).
 */
export function incidentPoint(
  i: Incident,
  areaPoints: Record<string, [number, number]> | undefined,
): IncidentPoint | null {
  if (i.lat !== undefined && i.lon !== undefined) return { id: i.id, lat: i.lat, lon: i.lon, severity: i.severity };
  const p = i.pollingAreaId ? areaPoints?.[i.pollingAreaId] : undefined;
  return p ? { id: i.id, lat: p[1], lon: p[0], severity: i.severity } : null;
}

/**
 * Groups points on a grid of `cellDeg` degrees (the caller picks it from the zoom: about 40 px on screen), so a
 * national wall shows one numbered marker per hot spot instead of a pile. Each cluster sits at its points' mean.
 */
export function clusterPoints(points: readonly IncidentPoint[], cellDeg: number): Cluster[] {
  const cells = new Map<string, Cluster & { sumLat: number; sumLon: number }>();
  for (const p of points) {
    const key = `${Math.floor(p.lat / cellDeg)}:${Math.floor(p.lon / cellDeg)}`;
    const c = cells.get(key);
    if (!c) {
      cells.set(key, {
        lat: p.lat,
        lon: p.lon,
        sumLat: p.lat,
        sumLon: p.lon,
        count: 1,
        severity: p.severity,
        ids: [p.id],
      });
      continue;
    }
    c.count++;
    c.sumLat += p.lat;
    c.sumLon += p.lon;
    c.lat = c.sumLat / c.count;
    c.lon = c.sumLon / c.count;
    c.ids.push(p.id);
    if (RANK[p.severity] > RANK[c.severity]) c.severity = p.severity;
  }
  return [...cells.values()].map(({ lat, lon, count, severity, ids }) => ({ lat, lon, count, severity, ids }));
}
