import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Authenticator } from './session-auth.js';
import { clientIp } from './client-ip.js';
import { isStoreUnavailable } from './errors.js';
import type { Reply } from './reply.js';
import { errorReply } from './reply.js';
import { beginRequest } from './request-context.js';
import type { TurnoutHandlers, WriteRequest } from './turnout.handlers.js';

export interface FastPathDeps {
  handlers: TurnoutHandlers;
  /** Bearer first (devices: unchanged), else a session cookie with its CSRF token. */
  auth: Authenticator;
  log: Logger;
  trustProxy: boolean;
  /** Security headers (helmet) as a connect-style middleware. */
  secure: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
}

const ROUTES: Record<string, { limit: number; run: (h: TurnoutHandlers, r: WriteRequest) => Promise<Reply> }> = {
  '/api/v1/turnout': { limit: 64 * 1024, run: (h, r) => h.single('report', r) },
  '/api/v1/turnout/corrections': { limit: 64 * 1024, run: (h, r) => h.single('correction', r) },
  // A full batch of 1,000 reports is ~110 KB.
  '/api/v1/turnout/batch': { limit: 256 * 1024, run: (h, r) => h.batch(r) },
};

function send(res: ServerResponse, r: Reply): void {
  const body = r.json ?? JSON.stringify(r.body);
  res.statusCode = r.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  res.end(body);
}

/** Reads the body up to `limit` bytes; null when it is larger (the rest is drained, then 413). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * The turnout writes served straight from node:http, without Express: on these machines Express costs more
 * CPU per request than the whole atomic Redis step (../shared/design/measured-limits.md). Same validation,
 * same errors, same logs and headers as every other route. Returns false for any other request.
 */
export function createFastPath(d: FastPathDeps) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const route = ROUTES[req.url ?? ''];
    if (!route) return false;
    let failure: unknown;
    const requestId = beginRequest(d.log, req, res, () => failure);
    d.secure(req, res, () => {
      handle(req, route, requestId).then(
        (r) => send(res, r),
        (e: unknown) => {
          failure = e;
          send(res, errorReply(isStoreUnavailable(e) ? 'STORE_UNAVAILABLE' : 'INTERNAL'));
        },
      );
    });
    return true;
  };

  async function handle(req: IncomingMessage, route: (typeof ROUTES)[string], requestId: string): Promise<Reply> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      req.resume();
      return errorReply('UNSUPPORTED_MEDIA_TYPE');
    }
    const raw = await readBody(req, route.limit);
    if (raw === null) return errorReply('PAYLOAD_TOO_LARGE');
    const who = await d.auth.authenticate(req, true);
    if (!who.ok) return errorReply(who.code);
    const principal = who.principal;
    if (!principal) return errorReply('UNAUTHENTICATED');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return errorReply('MALFORMED', { field: '(body)' });
    }
    const key = req.headers['idempotency-key'];
    return route.run(d.handlers, {
      principal,
      idempotencyKey: typeof key === 'string' ? key : undefined,
      requestId,
      ip: clientIp(req, d.trustProxy),
      body,
    });
  }
}
