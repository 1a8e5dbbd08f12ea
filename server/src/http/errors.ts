import type { ErrorRequestHandler, Response } from 'express';
import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  TimeoutError,
} from 'redis';
import type { ErrorCode } from '@ecc/shared';
import type { Reply } from './reply.js';
import { errorReply, zodField } from './reply.js';

export function sendReply(res: Response, r: Reply): void {
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  if (r.json !== undefined) res.status(r.status).type('application/json').send(r.json);
  else res.status(r.status).json(r.body);
}

export function sendError(
  res: Response,
  code: ErrorCode,
  opts: { status?: number; field?: string; detail?: Record<string, unknown> } = {},
): void {
  sendReply(res, errorReply(code, opts));
}

export { zodField };

const UNAVAILABLE = [
  ClientClosedError,
  ClientOfflineError,
  DisconnectsClientError,
  SocketClosedUnexpectedlyError,
  ConnectionTimeoutError,
  TimeoutError,
  AbortError,
  ReconnectStrategyError,
];

/** Whether an error means Redis could not be reached, dropped the connection, or is not serving yet. */
export function isStoreUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (UNAVAILABLE.some((c) => e instanceof c)) return true;
  return /ECONNREFUSED|ECONNRESET|LOADING|MISCONF|READONLY|BUSY/.test(e.message);
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
