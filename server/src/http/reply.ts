import type { ErrorCode } from '@ecc/shared';
import { apiError, ERRORS } from '@ecc/shared';
import type { ZodError } from 'zod';

/** A transport-neutral answer: the write handlers return it; Express or the raw fast path sends it. */
export interface Reply {
  status: number;
  /** Serialised by the transport, unless `json` (already-serialised JSON) is given. */
  body?: unknown;
  json?: string;
  headers?: Record<string, string>;
}

export function errorReply(
  code: ErrorCode,
  opts: { status?: number; field?: string; detail?: Record<string, unknown> } = {},
): Reply {
  const status = opts.status ?? ERRORS[code].status;
  return {
    status,
    body: { error: apiError(code, opts.field, opts.detail) },
    ...(status === 503 ? { headers: { 'Retry-After': '2' } } : {}),
  };
}

/** The first issue of a failed parse, named by its path (`reports.3.voted`). */
export function zodField(err: ZodError): { field: string; detail: Record<string, unknown> } {
  const i = err.issues[0];
  const field = i ? i.path.map(String).join('.') : '';
  return { field: field || '(body)', detail: { issue: i?.message ?? 'invalid' } };
}
