import 'leaflet/dist/leaflet.css';
import { circleMarker, geoJSON, map as createMap } from 'leaflet';
import type { Map as LeafletMap } from 'leaflet';
import type { Action } from 'svelte/action';
import { areaPoints, communeBoundaries } from '../map/geo.js';

export interface LookupMapParams {
  provinceCode: string;
  communeCode: string;
  areaId: string;
  /** Text of the marker's tooltip (the area's name). */
  label: string;
}

/**
 * The polling area on a small map: its commune's outline from the bundled boundary files and the area's point
 * (fixtures/src/coordinates.ts; the commune's centre when there is none). No tile server: the app only uses
 * its own files, which also keeps the page light on a phone.
 */
async function draw(map: LeafletMap, p: LookupMapParams): Promise<void> {
  const [bounds, points] = await Promise.all([
    communeBoundaries(p.provinceCode),
    areaPoints(p.provinceCode).catch(() => ({}) as Record<string, [number, number]>),
  ]);
  const feature = bounds.features.find((f) => f.properties.code === p.communeCode);
  const outline = feature
    ? geoJSON(feature, { style: { color: '#1d4ed8', weight: 2, fillColor: '#93c5fd', fillOpacity: 0.25 } }).addTo(map)
    : null;
  const pt = points[p.areaId];
  const centre = pt ? ([pt[1], pt[0]] as [number, number]) : outline?.getBounds().getCenter();
  if (outline) map.fitBounds(outline.getBounds(), { padding: [16, 16] });
  if (centre) {
    circleMarker(centre, { radius: 10, color: '#b91c1c', weight: 3, fillColor: '#ef4444', fillOpacity: 0.9 })
      .bindTooltip(p.label, { permanent: true, direction: 'top', offset: [0, -10] })
      .addTo(map);
    if (!outline) map.setView(centre, 14);
  }
}

/** `use:lookupMap={…}`: creates the map once per area (a new area re-creates it). */
export const lookupMap: Action<HTMLElement, LookupMapParams> = (node, params) => {
  let map: LeafletMap | null = null;
  const open = (p: LookupMapParams) => {
    map?.remove();
    map = createMap(node, { attributionControl: false, zoomSnap: 0.5, scrollWheelZoom: false });
    map.setView([16, 106], 5);
    void draw(map, p).then(() => node.setAttribute('data-ready', 'true'));
  };
  open(params);
  return {
    update(p) {
      if (p.areaId !== params.areaId) open((params = p));
    },
    destroy() {
      map?.remove();
    },
  };
};
