import { z } from 'zod';
import { voterChangeSchema } from '@ecc/shared';
import type { VoterChange, VoterChangeRequest } from '@ecc/shared';
import { csrfToken } from '../auth/auth-api.js';
import { API_BASE } from '../live/api.js';

/** The voter-change screens' calls (a signed-in committee): report, list, record, revert. */
export class VotersError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, parse: (v: unknown) => T, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    headers['x-csrf-token'] = csrfToken();
    // One key per user action: a retried click is answered once, counted once.
    headers['idempotency-key'] = crypto.randomUUID();
  }
  const res = await fetch(API_BASE + path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = z.object({ error: z.object({ message: z.string() }) }).safeParse(json);
    throw new VotersError(res.status, e.success ? e.data.error.message : `HTTP ${res.status}`);
  }
  return parse(json);
}

const rowSchema = z.object({
  code: z.string(),
  name: z.string(),
  byReason: z.record(z.string(), z.number()),
  added: z.number(),
  removed: z.number(),
  corrected: z.object({ na: z.number(), pc: z.number(), cc: z.number() }),
  net: z.object({ na: z.number(), pc: z.number(), cc: z.number() }),
  startNa: z.number(),
  endNa: z.number(),
  changes: z.number(),
  reverts: z.number(),
});
export type ReportRowView = z.infer<typeof rowSchema>;
const reportSchema = z.object({
  scope: z.string(),
  scopeName: z.string(),
  rowKind: z.enum(['province', 'commune', 'area']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  generatedAt: z.string(),
  rows: z.array(rowSchema),
  total: rowSchema,
});
export type ReportView = z.infer<typeof reportSchema>;

export function reportQuery(scope: string, from: string, to: string): string {
  const q = new URLSearchParams({ scope });
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q.toString();
}

export const votersApi = {
  report: (q: string) => call('GET', `/voter-changes/report?${q}`, (v) => reportSchema.parse(v)),
  list: (q: string) =>
    call('GET', `/voter-changes?${q}`, (v) => z.object({ changes: z.array(voterChangeSchema) }).parse(v).changes),
  record: (r: VoterChangeRequest): Promise<VoterChange> =>
    call('POST', '/voter-changes', (v) => voterChangeSchema.parse(v), r),
  revert: (id: number, note: string): Promise<VoterChange> =>
    call('POST', `/voter-changes/${id}/revert`, (v) => voterChangeSchema.parse(v), { note }),
};

/** A `datetime-local` value (Vietnam time, as typed) as ISO-8601 with the +07:00 offset; '' stays ''. */
export function vnLocalToIso(v: string): string {
  return v ? `${v.length === 16 ? `${v}:00` : v}+07:00` : '';
}
