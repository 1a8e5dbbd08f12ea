import { divIcon, layerGroup, marker } from 'leaflet';
import type { LayerGroup, Map as LeafletMap } from 'leaflet';
import { clusterPoints } from '$lib/incidents/cluster';
import type { IncidentPoint } from '$lib/incidents/cluster';

/** About this many pixels between two clusters at any zoom. */
const CLUSTER_PX = 44;

/**
 * Incident markers over the wall map, clustered on a grid that follows the zoom: one numbered disc per hot spot,
 * coloured by the worst severity inside. Markers are built as DOM nodes with textContent (never HTML strings).
 */
export class IncidentMarkers {
  readonly #map: LeafletMap;
  readonly #group: LayerGroup;
  #points: IncidentPoint[] = [];
  readonly #redraw = () => this.#draw();

  constructor(map: LeafletMap) {
    this.#map = map;
    this.#group = layerGroup().addTo(map);
    map.on('zoomend', this.#redraw);
  }

  set(points: IncidentPoint[]): void {
    this.#points = points;
    this.#draw();
  }

  #draw(): void {
    this.#group.clearLayers();
    const cellDeg = (CLUSTER_PX * 360) / (256 * 2 ** this.#map.getZoom());
    for (const c of clusterPoints(this.#points, cellDeg)) {
      const el = document.createElement('span');
      el.className = `incident-marker sev-${c.severity}`;
      el.textContent = String(c.count);
      el.dataset.ids = c.ids.join(' ');
      const icon = divIcon({ html: el, className: 'incident-icon', iconSize: [28, 28], iconAnchor: [14, 14] });
      marker([c.lat, c.lon], { icon, keyboard: false, interactive: false }).addTo(this.#group);
    }
  }

  dispose(): void {
    this.#map.off('zoomend', this.#redraw);
    this.#group.remove();
  }
}
