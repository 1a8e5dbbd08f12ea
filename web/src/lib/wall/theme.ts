import type { ChartLook } from '../charts/echarts.js';
import type { MapColors } from '../map/wall-map.js';
import type { Theme } from './kiosk.js';

/**
 * The wall's two palettes in one place: the same values become CSS variables on the wall (panels, text) and
 * options for Leaflet and ECharts, which draw on canvas and cannot read CSS.
 */
interface Palette {
  bg: string;
  panel: string;
  panel2: string;
  line: string;
  text: string;
  muted: string;
  accent: string;
  live: string;
  bad: string;
  sea: string;
  mapLine: string;
  mapFocus: string;
  mapContext: string;
  reference: string;
}

const PALETTES: Record<Theme, Palette> = {
  dark: {
    bg: '#0b1220',
    panel: '#131c2e',
    panel2: '#1a2540',
    line: '#2a3756',
    text: '#e8edf7',
    muted: '#9aa8c4',
    accent: '#fbbf24',
    live: '#22c55e',
    bad: '#ef4444',
    sea: '#0e1a2e',
    mapLine: '#0b1220',
    mapFocus: '#ffffff',
    mapContext: '#2b3550',
    reference: '#e8edf7',
  },
  light: {
    bg: '#eef2f7',
    panel: '#ffffff',
    panel2: '#e3e9f2',
    line: '#c3cddd',
    text: '#0f172a',
    muted: '#475569',
    accent: '#b45309',
    live: '#15803d',
    bad: '#b91c1c',
    sea: '#d6e4f2',
    mapLine: '#ffffff',
    mapFocus: '#0f172a',
    mapContext: '#c7cfdb',
    reference: '#334155',
  },
};

/** CSS custom properties for the wall's root element (they override app.css's defaults below it). */
export function themeStyle(theme: Theme): string {
  const p = PALETTES[theme];
  return [
    `--bg:${p.bg}`,
    `--panel:${p.panel}`,
    `--panel-2:${p.panel2}`,
    `--line:${p.line}`,
    `--text:${p.text}`,
    `--muted:${p.muted}`,
    `--accent:${p.accent}`,
    `--live:${p.live}`,
    `--bad:${p.bad}`,
    `--sea:${p.sea}`,
    `color-scheme:${theme}`,
  ].join(';');
}

export function mapColors(theme: Theme): MapColors {
  const p = PALETTES[theme];
  return { line: p.mapLine, focus: p.mapFocus, context: p.mapContext };
}

export function chartLook(theme: Theme, rem: number): ChartLook {
  const p = PALETTES[theme];
  return { text: p.text, muted: p.muted, line: p.line, accent: p.accent, reference: p.reference, rem };
}
