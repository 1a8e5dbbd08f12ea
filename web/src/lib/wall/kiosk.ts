/**
 * What a wall screen shows, from its address alone, so a room can set up several screens once and never touch
 * them again: /wall?province=01&scenes=map,charts&interval=30&lang=vi&theme=dark. Anything unknown or malformed
 * falls back to the default rather than failing: a screen across the room must show something.
 */
export const SCENES = ['map', 'charts'] as const;
export type Scene = (typeof SCENES)[number];
export type Theme = 'dark' | 'light';

export interface Kiosk {
  /** Province code to focus (two digits), or null for the nation. */
  province: string | null;
  /** Commune code to focus inside the province (five digits): shows its polling areas on the map. */
  commune: string | null;
  scenes: Scene[];
  intervalS: number;
  lang: 'vi' | 'en' | null;
  theme: Theme;
  /** Optional tile URL template for a background map; none by default (no outside network in the room). */
  tiles: string | null;
}

export const DEFAULT_INTERVAL_S = 30;
const MIN_INTERVAL_S = 5;
const MAX_INTERVAL_S = 3600;

function scenes(raw: string | null): Scene[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s): s is Scene => (SCENES as readonly string[]).includes(s));
  return list.length ? [...new Set(list)] : [...SCENES];
}

function interval(raw: string | null): number {
  const n = Number(raw);
  if (!raw || !Number.isFinite(n)) return DEFAULT_INTERVAL_S;
  return Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, Math.round(n)));
}

/** Only http(s) or same-origin templates: the value ends up as an image source. */
function tiles(raw: string | null): string | null {
  return raw && /^(https?:\/\/|\/)[^\s"'<>]+$/.test(raw) ? raw : null;
}

export function parseKiosk(params: URLSearchParams): Kiosk {
  const province = params.get('province');
  const commune = params.get('commune');
  const lang = params.get('lang');
  const okProvince = province && /^\d{2}$/.test(province) ? province : null;
  return {
    province: okProvince,
    commune: okProvince && commune && /^\d{5}$/.test(commune) ? commune : null,
    scenes: scenes(params.get('scenes')),
    intervalS: interval(params.get('interval')),
    lang: lang === 'vi' || lang === 'en' ? lang : null,
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    tiles: tiles(params.get('tiles')),
  };
}

/** The address for another focus, keeping every other parameter (election, scenes, lang…). */
export function focusSearch(params: URLSearchParams, province: string | null, commune: string | null): string {
  const q = new URLSearchParams(params);
  if (province) q.set('province', province);
  else q.delete('province');
  if (province && commune) q.set('commune', commune);
  else q.delete('commune');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Where a map selection leads, as the new query string: a province drills into it, a commune into its polling
 * areas, and a click on the sea goes up one level (commune → its province → the nation).
 */
export function selectSearch(
  params: URLSearchParams,
  focus: { province: string | null; commune: string | null },
  s: { level: 'province' | 'commune'; code: string } | { level: 'up' },
): string {
  if (s.level === 'province') return focusSearch(params, s.code, null);
  if (s.level === 'commune') return focusSearch(params, focus.province, s.code);
  return focusSearch(params, focus.commune ? focus.province : null, null);
}
