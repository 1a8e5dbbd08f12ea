import type { Contest, CountFigures } from '@ecc/shared';

/** Counting states in the order a bar shows them, with Okabe–Ito colours (colour-blind safe, like the map). */
export const COUNT_SEGMENTS = [
  { key: 'confirmed', color: '#009E73' },
  { key: 'submitted', color: '#56B4E9' },
  { key: 'counting', color: '#E69F00' },
  { key: 'returned', color: '#D55E00' },
] as const satisfies readonly { key: keyof CountFigures; color: string }[];

/** Each state's share of the expected records, in percent of the bar (not-started is the rest). */
export function segments(f: CountFigures): { key: string; color: string; pct: number; n: number }[] {
  return COUNT_SEGMENTS.map((s) => ({
    key: s.key,
    color: s.color,
    n: f[s.key],
    pct: f.areas > 0 ? (100 * f[s.key]) / f.areas : 0,
  }));
}

export function notStarted(f: CountFigures): number {
  return Math.max(0, f.areas - f.counting - f.submitted - f.confirmed - f.returned);
}

export const countScope = (contest: Contest, scope: string) => `count:${contest}:${scope}`;
