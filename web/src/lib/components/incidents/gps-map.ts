import 'leaflet/dist/leaflet.css';
import type { Action } from 'svelte/action';

export interface GpsPoint {
  lat: number;
  lon: number;
  accuracyM?: number | undefined;
}

/**
 * `use:gpsMap={point}`: a small Leaflet map (no tiles: the room has no outside network) with the province's
 * commune boundaries for orientation, the position and its accuracy circle. Leaflet is loaded only when a
 * position is shown, so the form itself stays light on a weak network.
 */
type Params = { point: GpsPoint; province: string | null; commune: string | null };

async function provinceOf(p: Params): Promise<string | null> {
  if (p.province || !p.commune) return p.province;
  const { base } = await import('$app/paths');
  const index = (await fetch(`${base}/geo/communes-index.json`).then((r) => r.json())) as Record<string, string>;
  return index[p.commune] ?? null;
}

export const gpsMap: Action<HTMLElement, Params> = (node, params) => {
  let disposed = false;
  let cleanup = () => {};
  let update = (_p: Params) => {};
  void (async () => {
    const L = (await import('leaflet')).default;
    if (disposed) return;
    const map = L.map(node, { zoomControl: true, attributionControl: false });
    const layer = L.layerGroup().addTo(map);
    const province = await provinceOf(params).catch(() => null);
    if (province && !disposed) {
      const { communeBoundaries } = await import('$lib/map/geo');
      communeBoundaries(province).then(
        (g) => !disposed && L.geoJSON(g, { style: { weight: 1, color: '#888', fillOpacity: 0.05 } }).addTo(map),
        () => {},
      );
    }
    update = ({ point }) => {
      layer.clearLayers();
      const at: [number, number] = [point.lat, point.lon];
      L.circleMarker(at, { radius: 8, color: '#c0392b', fillOpacity: 0.9 }).addTo(layer);
      if (point.accuracyM) L.circle(at, { radius: point.accuracyM, weight: 1, fillOpacity: 0.1 }).addTo(layer);
      map.setView(at, 15);
    };
    update(params);
    cleanup = () => map.remove();
  })();
  return {
    update: (p) => update(p),
    destroy() {
      disposed = true;
      cleanup();
    },
  };
};
