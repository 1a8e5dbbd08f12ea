import { figuresSchema } from '@ecc/shared';
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

const electionsSchema = z.object({ live: z.string() });

/** A failed request: `notFound` when the server does not know the scope (or election), `failed` otherwise. */
export class ApiError extends Error {
  constructor(
    readonly kind: 'notFound' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, schema: z.ZodType<T>, fetchFn: typeof fetch): Promise<T> {
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

/** The election the server runs live (GET /api/v1/elections → `live`). */
export async function fetchLiveElection(fetchFn: typeof fetch = fetch): Promise<string> {
  return (await getJson('/elections', electionsSchema, fetchFn)).live;
}

/** One scope with its name and its children's names and figures. */
export function fetchScopeView(election: string, scope: string, fetchFn: typeof fetch = fetch): Promise<ScopeView> {
  const q = new URLSearchParams({ election });
  return getJson(`/scopes/${encodeURIComponent(scope)}?${q}`, scopeViewSchema, fetchFn);
}
