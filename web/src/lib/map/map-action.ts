import 'leaflet/dist/leaflet.css';
import type { Action } from 'svelte/action';
import { WallMap } from './wall-map.js';
import type { MapColors, MapSelect } from './wall-map.js';

export interface MapActionParams {
  colors: MapColors;
  tiles: string | null;
  /** Room kept on the right of a focused unit for the legend, in rem. */
  reserveRightRem: number;
  onSelect: (s: MapSelect) => void;
  /** Receives the map once created; the component then drives it with $effects. */
  onReady: (map: WallMap | null) => void;
}

/**
 * `use:leafletMap={…}`: the only place a Leaflet map is created and removed. The options are read once: a
 * theme or tile change means a new screen address, hence a new page.
 */
export const leafletMap: Action<HTMLElement, MapActionParams> = (node, params) => {
  const map = new WallMap(node, params);
  params.onReady(map);
  return {
    destroy() {
      params.onReady(null);
      map.dispose();
    },
  };
};
