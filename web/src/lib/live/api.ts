import { contestSchema, electionSchema, figuresSchema } from '@ecc/shared';
import { z } from 'zod';

/** REST reads the pages need. Bodies are parsed, not cast: a server that changed shape fails loudly here. */
export const API_BASE = '/api/v1';

const namedChildSchema = figuresSchema.extend({ id: z.string(), name: z.string(), turnoutPct: z.number() });
export const scopeViewSchema = z.object({
  scope: z.string(),
  name: z.string(),
  seq: z.number(),
  figures: figuresSchema,
  childList: z.array(namedChildSchema),
  serverTime: z.string(),
});
export type ScopeView = z.infer<typeof scopeViewSchema>;
export type NamedChild = z.infer<typeof namedChildSchema>;

const electionListSchema = z.object({ live: z.string(), elections: z.array(electionSchema) });

const seriesSchema = z.object({
  points: z.array(
    z.object({ at: z.string(), voted: z.number(), registered: z.number(), reporting: z.number(), full: z.number() }),
  ),
});
export type SeriesPoint = z.infer<typeof seriesSchema>['points'][number];

const silentSchema = z.object({
  threshold: z.string().nullable(),
  count: z.number(),
  areas: z.array(z.object({ id: z.string(), lastAt: z.string().nullable() })),
});
export type SilentList = z.infer<typeof silentSchema>;

const silentByChildSchema = z.object({
  threshold: z.string().nullable(),
  count: z.number(),
  asOf: z.string(),
  byChild: z.record(z.string(), z.number()),
});
export type SilentByChild = z.infer<typeof silentByChildSchema>;

const unitsSchema = z.object({
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      contest: contestSchema,
      provinceCode: z.string(),
      voted: z.number(),
      registered: z.number(),
      atOrBelowHalf: z.boolean(),
    }),
  ),
});
export type UnitAtRisk = z.infer<typeof unitsSchema>['units'][number];

/** A failed request: `notFound` when the server does not know the scope (or election), `failed` otherwise. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'notFound' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** GETs `API_BASE + path` and parses the body with `schema`; any failure is an ApiError. */
export async function getJson<T>(path: string, schema: z.ZodType<T>, fetchFn: typeof fetch): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(API_BASE + path, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ApiError('failed', e instanceof Error ? e.message : String(e));
  }
  if (res.status === 404) throw new ApiError('notFound', `${path}: 404`);
  if (!res.ok) throw new ApiError('failed', `${path}: HTTP ${res.status}`);
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new ApiError('failed', `${path}: unexpected body`);
  return parsed.data;
}

/** One scope with its name and its children's names and figures. */
export function fetchScopeView(election: string, scope: string, fetchFn: typeof fetch = fetch): Promise<ScopeView> {
  const q = new URLSearchParams({ election });
  return getJson(`/scopes/${encodeURIComponent(scope)}?${q}`, scopeViewSchema, fetchFn);
}

export type ElectionList = z.infer<typeof electionListSchema>;

/** The server's live election and every election it holds, with their settings (date, checkpoints, mode). */
export function fetchElections(fetchFn: typeof fetch = fetch): Promise<ElectionList> {
  return getJson('/elections', electionListSchema, fetchFn);
}

const scoped = (election: string, scope: string, what: string, extra: Record<string, string> = {}) =>
  `/scopes/${encodeURIComponent(scope)}/${what}?${new URLSearchParams({ election, ...extra })}`;

/** The scope's turnout through the day (the server's time buckets, oldest first). */
export async function fetchSeries(election: string, scope: string, fetchFn: typeof fetch = fetch) {
  return (await getJson(scoped(election, scope, 'series'), seriesSchema, fetchFn)).points;
}

/** Polling areas that missed the last expected checkpoint (`limit` caps the ids returned, not the count). */
export function fetchSilent(election: string, scope: string, limit: number, fetchFn: typeof fetch = fetch) {
  return getJson(scoped(election, scope, 'silent', { limit: String(limit) }), silentSchema, fetchFn);
}

/** How many polling areas are silent in each child of `scope` (province, commune or area), without their ids. */
export function fetchSilentByChild(election: string, scope: string, fetchFn: typeof fetch = fetch) {
  return getJson(scoped(election, scope, 'silent', { groupBy: 'child' }), silentByChildSchema, fetchFn);
}

/** Electoral units of one contest, lowest turnout first, with the 50 % rule applied by the server. */
export async function fetchUnitsAtRisk(
  election: string,
  scope: string,
  contest: 'na' | 'pc' | 'cc',
  limit: number,
  fetchFn: typeof fetch = fetch,
) {
  const path = scoped(election, scope, 'units-at-risk', { contest, limit: String(limit) });
  return (await getJson(path, unitsSchema, fetchFn)).units;
}
