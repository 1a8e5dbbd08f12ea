import type { ErrorRequestHandler, Response } from 'express';
import type { ErrorCode } from '@ecc/shared';
import { apiError, ERRORS } from '@ecc/shared';
import type { ZodError } from 'zod';

export function sendError(
  res: Response,
  code: ErrorCode,
  opts: { status?: number; field?: string; detail?: Record<string, unknown> } = {},
): void {
  const status = opts.status ?? ERRORS[code].status;
  if (status === 503) res.setHeader('Retry-After', '2');
  res.status(status).json({ error: apiError(code, opts.field, opts.detail) });
}

/** The first issue of a failed parse, named by its path (`reports.3.voted`). */
export function zodField(err: ZodError): { field: string; detail: Record<string, unknown> } {
  const i = err.issues[0];
  const field = i ? i.path.map(String).join('.') : '';
  return { field: field || '(body)', detail: { issue: i?.message ?? 'invalid' } };
}

/** Whether an error means Redis could not be reached or did not answer in time. */
export function isStoreUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const n = e.name;
  return (
    n === 'ClientClosedError' ||
    n === 'ClientOfflineError' ||
    n === 'TimeoutError' ||
    n === 'CommandTimeoutError' ||
    n === 'SocketClosedUnexpectedlyError' ||
    n === 'ConnectionTimeoutError' ||
    /ECONNREFUSED|ECONNRESET|offline|closed|timeout|LOADING|MISCONF|READONLY/i.test(e.message)
  );
}

/** Last resort: body-parser failures become 400/413/415, store outages 503, anything else 500 without a stack. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { type?: string; status?: number };
  if (e.type === 'entity.too.large') return sendError(res, 'PAYLOAD_TOO_LARGE');
  if (e.type === 'entity.parse.failed') return sendError(res, 'MALFORMED', { field: '(body)' });
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, 'MALFORMED');
  if (isStoreUnavailable(err)) return sendError(res, 'STORE_UNAVAILABLE');
  res.locals.error = err;
  sendError(res, 'INTERNAL');
};
