import {
  canvas,
  circleMarker,
  divIcon,
  geoJSON,
  latLngBounds,
  layerGroup,
  map as createMap,
  marker,
  tileLayer,
} from 'leaflet';
import type { CircleMarker, GeoJSON, LayerGroup, Map as LeafletMap, Marker, PathOptions, Polygon } from 'leaflet';
import type { AreaPoints, Boundaries } from './geo.js';

/**
 * The wall's Leaflet map, imperative and framework-free: Svelte code creates it in an action and drives it
 * through these methods. Layers are built once per focus (nation, one province's communes, one commune's polling
 * areas); a live update only calls setStyle on the features whose colour changed, so a burst of updates never
 * rebuilds geometry. One canvas renderer draws everything: 34 provinces and a province's communes are tens of
 * thousands of vertices, which SVG would turn into as many DOM nodes.
 */
export interface MapColors {
  line: string;
  /** Outline of the focused unit. */
  focus: string;
  /** Fill of provinces outside the focused one. */
  context: string;
}
export interface IslandLabels {
  hoangSa: string;
  truongSa: string;
}
export type MapSelect = { level: 'province' | 'commune'; code: string } | { level: 'up' };

/** The whole country, Trường Sa's reefs included (the boundary data's bbox, W S E N: 102.14 7.18 117.83 23.39). */
const VIETNAM = latLngBounds([7.18, 102.14], [23.39, 117.83]);
/** Where the archipelago labels sit: just below Hoàng Sa's islands, amid Trường Sa's spread of reefs. */
const HOANG_SA: [number, number] = [15.6, 111.95];
const TRUONG_SA: [number, number] = [9.6, 114.3];

/** Paths of one layer by code, with the colour last given, so unchanged features are skipped. */
class Styled {
  readonly paths = new Map<string, Polygon>();
  readonly fills = new Map<string, string>();

  /** Restyles what changed; returns the codes that did. */
  apply(fills: Record<string, string>, style: (code: string, fill: string) => PathOptions): string[] {
    const changed: string[] = [];
    for (const [code, path] of this.paths) {
      const fill = fills[code];
      if (fill === undefined || this.fills.get(code) === fill) continue;
      this.fills.set(code, fill);
      path.setStyle(style(code, fill));
      changed.push(code);
    }
    return changed;
  }
}

export class WallMap {
  readonly #el: HTMLElement;
  readonly #map: LeafletMap;
  readonly #renderer = canvas({ padding: 0.1 });
  readonly #onSelect: (s: MapSelect) => void;
  #colors: MapColors;
  #remPx: number;
  #provinces = new Styled();
  #provinceLayer: GeoJSON | null = null;
  #focus: string | null = null;
  #focusCommune: string | null = null;
  #communes: { province: string; layer: GeoJSON; styled: Styled } | null = null;
  #areas: { group: LayerGroup; markers: Map<string, CircleMarker>; fills: Map<string, string> } | null = null;
  #labels: Marker[] = [];
  /** The last area colours asked for: points built later (their file still loading) start with them. */
  #areaFills: Record<string, string> = {};
  readonly #resize: ResizeObserver;

  /** Width in rem kept free on the right of a focused province or commune: the legend sits there. */
  readonly #reserveRem: number;

  constructor(
    el: HTMLElement,
    o: { colors: MapColors; tiles: string | null; reserveRightRem: number; onSelect: (s: MapSelect) => void },
  ) {
    this.#el = el;
    this.#reserveRem = o.reserveRightRem;
    this.#colors = o.colors;
    this.#onSelect = o.onSelect;
    this.#remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    this.#map = createMap(el, {
      renderer: this.#renderer,
      preferCanvas: true,
      zoomControl: false,
      attributionControl: false,
      zoomSnap: 0,
      fadeAnimation: false,
      zoomAnimation: false,
      markerZoomAnimation: false,
      keyboard: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      dragging: false,
      touchZoom: false,
    });
    if (o.tiles) tileLayer(o.tiles, { maxZoom: 18 }).addTo(this.#map);
    this.#map.on('click', () => this.#onSelect({ level: 'up' }));
    this.#fit();
    // The wall scales with its screen (1080p, 4K): refit whenever the container changes size.
    this.#resize = new ResizeObserver(() => {
      this.#remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      this.#map.invalidateSize({ animate: false });
      this.#fit();
    });
    this.#resize.observe(el);
  }

  showProvinces(data: Boundaries): void {
    if (this.#provinceLayer) return;
    this.#provinceLayer = geoJSON(data, {
      // A click on a unit must not also reach the map, whose click means "up one level".
      bubblingMouseEvents: false,
      style: () => this.#provinceStyle('', undefined),
      onEachFeature: (f, layer) => {
        const code = f.properties.code;
        this.#provinces.paths.set(code, layer as Polygon);
        layer.on('click', () => this.#onSelect({ level: 'province', code }));
      },
    }).addTo(this.#map);
    this.#provinces.fills.clear();
  }

  setIslandLabels(l: IslandLabels): void {
    for (const m of this.#labels) m.remove();
    // "Quần đảo Hoàng Sa (Đà Nẵng)" on two lines, the province under the name: narrow enough for the sea.
    const html = (text: string) => text.replace(/</g, '&lt;').replace(/ \(/, '<br>(');
    const label = (at: [number, number], text: string) =>
      marker(at, {
        interactive: false,
        keyboard: false,
        icon: divIcon({ className: 'island-label', html: html(text), iconSize: undefined }),
      }).addTo(this.#map);
    this.#labels = [label(HOANG_SA, l.hoangSa), label(TRUONG_SA, l.truongSa)];
  }

  /** Colours provinces (code → fill); returns the codes restyled. Ignored for the focused province. */
  setProvinceFills(fills: Record<string, string>): string[] {
    const changed = this.#provinces.apply(fills, (code, fill) => this.#provinceStyle(code, fill));
    for (const code of changed) this.#el.setAttribute(`data-fill-${code}`, fills[code]!);
    return changed;
  }

  /** Shows one province's communes (null: back to the nation). The layer is built here, once per focus. */
  focusProvince(code: string | null, communes: Boundaries | null): void {
    if (this.#focus === code && (this.#communes || !communes)) return;
    if (this.#focus !== code) this.focusCommune(null, null);
    this.#communes?.layer.remove();
    this.#communes = null;
    this.#focus = code;
    for (const [c, path] of this.#provinces.paths) path.setStyle(this.#provinceStyle(c, this.#provinces.fills.get(c)));
    this.#el.toggleAttribute('data-focus', code !== null);
    if (code && communes) {
      const styled = new Styled();
      const layer = geoJSON(communes, {
        bubblingMouseEvents: false,
        style: (f) => this.#communeStyle(f?.properties.code ?? '', this.#colors.context),
        onEachFeature: (f, l) => {
          const c = f.properties.code;
          styled.paths.set(c, l as Polygon);
          l.on('click', () => this.#onSelect({ level: 'commune', code: c }));
        },
      }).addTo(this.#map);
      this.#communes = { province: code, layer, styled };
    }
    this.#fit();
  }

  setCommuneFills(fills: Record<string, string>): string[] {
    const c = this.#communes;
    if (!c) return [];
    return c.styled.apply(fills, (code, fill) => this.#communeStyle(code, fill));
  }

  /** Shows one commune's polling areas as points (null: none). Built once per commune; recoloured in place. */
  focusCommune(code: string | null, points: AreaPoints | null): void {
    if (this.#focusCommune === code && (this.#areas || !points)) return;
    this.#focusCommune = code;
    this.#areas?.group.remove();
    this.#areas = null;
    const communes = this.#communes?.styled;
    if (communes)
      for (const [c, path] of communes.paths)
        path.setStyle(this.#communeStyle(c, communes.fills.get(c) ?? this.#colors.context));
    if (code && points) {
      const group = layerGroup().addTo(this.#map);
      const markers = new Map<string, CircleMarker>();
      for (const [id, [lon, lat]] of Object.entries(points)) {
        if (!id.startsWith(`${code}-`)) continue;
        const m = circleMarker([lat, lon], {
          renderer: this.#renderer,
          radius: 0.4 * this.#remPx,
          weight: 0.12 * this.#remPx,
          color: '#ffffff',
          fillColor: this.#areaFills[id] ?? '#ffffff',
          fillOpacity: 1,
          interactive: false,
        });
        markers.set(id, m);
        group.addLayer(m);
      }
      this.#areas = { group, markers, fills: new Map(Object.entries(this.#areaFills)) };
    }
    this.#fit();
  }

  setAreaFills(fills: Record<string, string>): void {
    this.#areaFills = fills;
    const a = this.#areas;
    if (!a) return;
    for (const [id, m] of a.markers) {
      const fill = fills[id];
      if (fill === undefined || a.fills.get(id) === fill) continue;
      a.fills.set(id, fill);
      m.setStyle({ fillColor: fill });
    }
  }

  /** The Leaflet map, for overlays drawn by other modules (incident markers). */
  get leaflet(): LeafletMap {
    return this.#map;
  }

  dispose(): void {
    this.#resize.disconnect();
    this.#map.remove();
  }

  #provinceStyle(code: string, fill: string | undefined): PathOptions {
    const focused = this.#focus !== null;
    return {
      color: this.#colors.line,
      weight: code === this.#focus ? 0 : 0.8,
      fillColor: focused ? this.#colors.context : (fill ?? this.#colors.context),
      fillOpacity: code === this.#focus ? 0 : focused ? 0.35 : 0.92,
    };
  }

  #communeStyle(code: string, fill: string): PathOptions {
    const commune = this.#focusCommune;
    const on = code === commune;
    return {
      color: on ? this.#colors.focus : this.#colors.line,
      weight: on ? 0.15 * this.#remPx : 0.6,
      fillColor: fill,
      fillOpacity: commune === null ? 0.92 : on ? 0.35 : 0.6,
    };
  }

  /** Fits the focus: a commune's points, else the province's communes, else the whole country. */
  #fit(): void {
    const commune = this.#focusCommune ? this.#communes?.styled.paths.get(this.#focusCommune) : undefined;
    const focused = commune ?? this.#communes?.layer;
    const bounds = focused?.getBounds() ?? VIETNAM;
    const pad = this.#remPx;
    // The whole country leaves the legend's corner (the open sea north-east of Hoàng Sa) free by itself.
    const right = focused ? this.#reserveRem * pad : pad;
    this.#map.fitBounds(bounds.isValid() ? bounds : VIETNAM, {
      paddingTopLeft: [pad, pad],
      paddingBottomRight: [right, pad],
      animate: false,
    });
  }
}
