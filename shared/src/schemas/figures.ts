import { z } from 'zod';

/**
 * Absolute figures of one scope. Wire order of the compact array form (pub/sub, logs) is FIGURE_FIELDS.
 * `communes`/`communesFull` count communes with polling areas; an area reports 1/0 for areas/reporting/full.
 */
export const FIGURE_FIELDS = [
  'registered',
  'registeredCc',
  'voted',
  'areas',
  'reporting',
  'full',
  'communes',
  'communesFull',
  'lastAt',
  'seq',
] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];
export type Figures = Record<FigureField, number>;

const n = z.number().int().min(0);
export const figuresSchema = z.object({
  registered: n,
  registeredCc: n,
  voted: n,
  areas: n,
  reporting: n,
  full: n,
  communes: n,
  communesFull: n,
  lastAt: n,
  seq: n,
});

export function figuresFromArray(a: readonly number[]): Figures {
  const f = {} as Figures;
  FIGURE_FIELDS.forEach((k, i) => (f[k] = a[i] ?? 0));
  return f;
}

export function emptyFigures(): Figures {
  return figuresFromArray([]);
}

/** Children keyed by their code (province code, commune code or polling-area id). */
export type ChildFigures = Record<string, Figures>;

export interface ScopeSnapshot {
  scope: string;
  seq: number;
  figures: Figures;
  children: ChildFigures;
  serverTime: string;
}
