import type { IncidentAction, IncidentReport } from '@ecc/shared';
import { incidentCountsSchema, incidentEventSchema, incidentSchema } from '@ecc/shared';
import { z } from 'zod';
import { csrfToken } from '$lib/auth/auth-api';
import { API_BASE } from '$lib/live/api';

/** The incident endpoints the pages call. Bodies are parsed with the shared schemas, never cast. */
export class IncidentApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

async function call<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const res = await fetch(API_BASE + path, init);
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = errorSchema.safeParse(json);
    throw e.success
      ? new IncidentApiError(res.status, e.data.error.code, e.data.error.message, e.data.error.field)
      : new IncidentApiError(res.status, 'HTTP', `HTTP ${res.status}`);
  }
  return schema.parse(json);
}

const listSchema = z.object({
  scope: z.string(),
  seq: z.number(),
  counts: incidentCountsSchema,
  incidents: z.array(incidentSchema),
});
const detailSchema = z.object({
  incident: incidentSchema,
  timeline: z.array(incidentEventSchema),
  sla: z.object({
    acknowledgeBy: z.number(),
    resolveBy: z.number(),
    dueAt: z.number().nullable(),
    breach: z.enum(['acknowledge', 'resolve']).nullable(),
  }),
  suggestions: z.array(incidentSchema),
});
export type IncidentDetail = z.infer<typeof detailSchema>;
const createdSchema = z.object({ id: z.string(), incident: incidentSchema.nullable() });
const steppedSchema = z.object({ version: z.number(), incident: incidentSchema.nullable() });

const write = (body: BodyInit, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'x-csrf-token': csrfToken(), accept: 'application/json', ...extra },
  body,
});

export const incidentApi = {
  list: (scope: string) => call(`/incidents?${new URLSearchParams({ scope })}`, listSchema),
  detail: (id: string) => call(`/incidents/${encodeURIComponent(id)}`, detailSchema),
  step: (id: string, action: IncidentAction) =>
    call(
      `/incidents/${encodeURIComponent(id)}/events`,
      steppedSchema,
      write(JSON.stringify(action), { 'content-type': 'application/json' }),
    ),
  /** Files a report with its photos; `key` is the report's idempotency key (the same on every retry). */
  report: (report: IncidentReport, photos: Blob[], key: string) => {
    const form = new FormData();
    form.append('incident', JSON.stringify(report));
    photos.forEach((p, i) => form.append('photos', p, `photo-${i + 1}`));
    return call('/incidents', createdSchema, write(form, { 'idempotency-key': key }));
  },
  photoUrl: (id: string, sha: string) => `${API_BASE}/incidents/${encodeURIComponent(id)}/photos/${sha}`,
};
