import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ErrorCode } from '@ecc/shared';
import type { CachedBody, PublicLookupService } from '../services/public-lookup.service.js';
import { isStoreUnavailable } from './errors.js';
import { errorReply } from './reply.js';
import { beginRequest } from './request-context.js';

export interface PublicPathDeps {
  lookup: PublicLookupService;
  log: Logger;
  secure: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  defaultElection: string;
}

const PREFIX = '/api/v1/public/';
const ELECTION = /^[a-z0-9][a-z0-9-]{1,39}$/;
/** Browsers and proxies may keep a snapshot a minute and serve it stale while they revalidate. */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

function sendError(res: ServerResponse, code: ErrorCode, headers: Record<string, string> = {}): void {
  const r = errorReply(code);
  const body = JSON.stringify(r.body);
  res.statusCode = r.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries({ ...r.headers, ...headers })) res.setHeader(k, v);
  res.end(body);
}

function sendBody(req: IncomingMessage, res: ServerResponse, b: CachedBody): void {
  res.setHeader('Cache-Control', CACHE_CONTROL);
  res.setHeader('ETag', b.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === b.etag) {
    res.statusCode = 304;
    return void res.end();
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = gzip ? b.gzip : b.json;
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', bytes.length);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/**
 * The public lookup's reads, served from node:http before Express (like the turnout fast path) out of the
 * in-memory snapshots: no session, no cookie, no Redis per request. GET and HEAD only; anything else is 405.
 *   GET /api/v1/public/communes[?election=]          every commune with polling areas
 *   GET /api/v1/public/communes/{code}[?election=]   that commune's areas, units, candidates, confirmed results
 */
export function createPublicPath(d: PublicPathDeps) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX)) return false;
    let failure: unknown;
    beginRequest(d.log, req, res, () => failure);
    d.secure(req, res, () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        req.resume();
        return sendError(res, 'METHOD_NOT_ALLOWED', { Allow: 'GET, HEAD' });
      }
      const q = url.indexOf('?');
      const path = (q < 0 ? url : url.slice(0, q)).slice(PREFIX.length);
      const election = new URLSearchParams(q < 0 ? '' : url.slice(q + 1)).get('election') ?? d.defaultElection;
      if (!ELECTION.test(election)) return sendError(res, 'NOT_FOUND');
      const m = /^communes(?:\/(\d{5}))?$/.exec(path);
      if (!m) return sendError(res, 'NOT_FOUND');
      const lookup = m[1] ? d.lookup.commune(election, m[1]) : d.lookup.communeIndex(election);
      lookup.then(
        (b) => (b ? sendBody(req, res, b) : sendError(res, m[1] ? 'SCOPE_NOT_FOUND' : 'NOT_FOUND')),
        (e: unknown) => {
          failure = e;
          sendError(res, isStoreUnavailable(e) ? 'STORE_UNAVAILABLE' : 'INTERNAL');
        },
      );
    });
    return true;
  };
}
