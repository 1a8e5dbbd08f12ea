import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ErrorCode } from '@ecc/shared';
import type { CachedBody, PublicLookupService } from '../services/public-lookup.service.js';
import { isStoreUnavailable } from './errors.js';
import { errorReply } from './reply.js';
import { beginRequest } from './request-context.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface PublicPathDeps {
  lookup: PublicLookupService;
  log: Logger;
  secure: Middleware;
  defaultElection: string;
}

const PREFIX = '/api/v1/public/';
const ELECTION = /^[a-z0-9][a-z0-9-]{1,39}$/;
const COMMUNE = /^communes(?:\/(\d{5}))?$/;
const VALID_ID = /^[A-Za-z0-9._:-]{8,64}$/;
/** Browsers and proxies may keep a snapshot a minute and serve it stale while they revalidate. */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/**
 * The security headers the middleware sets (helmet's are the same for every response), captured once so a
 * public response is written with one writeHead of a ready header list instead of a dozen setHeader calls.
 */
function capturedHeaders(secure: Middleware): [string, string][] {
  const out: [string, string][] = [];
  const res = {
    setHeader: (k: string, v: string | number | string[]) => void out.push([k, String(v)]),
    removeHeader: () => {},
    getHeader: () => undefined,
  } as unknown as ServerResponse;
  secure({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res, () => {});
  return out;
}

/** A snapshot's two responses (identity, gzip) and its 304, as flat header lists built once per snapshot. */
interface Prepared {
  plain: string[];
  gzip: string[];
  notModified: string[];
}

/**
 * The public lookup's reads, served from node:http before Express (like the turnout fast path) out of the
 * in-memory snapshots: no session, no cookie, no Redis and no promise per request once a snapshot is built.
 * GET and HEAD only; anything else is 405.
 *   GET /api/v1/public/communes[?election=]          every commune with polling areas
 *   GET /api/v1/public/communes/{code}[?election=]   that commune's areas, units, candidates, confirmed results
 */
export function createPublicPath(d: PublicPathDeps) {
  const security = capturedHeaders(d.secure).flat();
  const prepared = new WeakMap<CachedBody, Prepared>();
  const prepare = (b: CachedBody): Prepared => {
    let p = prepared.get(b);
    if (!p) {
      const common = [...security, 'Cache-Control', CACHE_CONTROL, 'ETag', b.etag, 'Vary', 'Accept-Encoding'];
      const type = ['Content-Type', 'application/json; charset=utf-8'];
      p = {
        plain: [...common, ...type, 'Content-Length', String(b.json.length)],
        gzip: [...common, ...type, 'Content-Encoding', 'gzip', 'Content-Length', String(b.gzip.length)],
        notModified: common,
      };
      prepared.set(b, p);
    }
    return p;
  };

  function sendBody(req: IncomingMessage, res: ServerResponse, b: CachedBody): void {
    const p = prepare(b);
    // A caller's request id is echoed (tracing through a proxy); none is made up for cached public reads.
    const rid = req.headers['x-request-id'];
    const withId = (h: string[]) => (typeof rid === 'string' && VALID_ID.test(rid) ? [...h, 'X-Request-Id', rid] : h);
    if (req.headers['if-none-match'] === b.etag) {
      res.writeHead(304, withId(p.notModified));
      return void res.end();
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, withId(gzip ? p.gzip : p.plain));
    res.end(req.method === 'HEAD' ? undefined : gzip ? b.gzip : b.json);
  }

  /** Errors and first builds take the ordinary way: request id, log line, security middleware. */
  function slow(req: IncomingMessage, res: ServerResponse, answer: (fail: (e: unknown) => void) => void): void {
    let failure: unknown;
    beginRequest(d.log, req, res, () => failure);
    d.secure(req, res, () =>
      answer((e) => {
        failure = e;
        sendError(res, isStoreUnavailable(e) ? 'STORE_UNAVAILABLE' : 'INTERNAL');
      }),
    );
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      slow(req, res, () => sendError(res, 'METHOD_NOT_ALLOWED', { Allow: 'GET, HEAD' }));
      return true;
    }
    const q = url.indexOf('?');
    const path = (q < 0 ? url : url.slice(0, q)).slice(PREFIX.length);
    const election =
      q < 0 ? d.defaultElection : (new URLSearchParams(url.slice(q + 1)).get('election') ?? d.defaultElection);
    const m = COMMUNE.exec(path);
    if (!m || !ELECTION.test(election)) {
      slow(req, res, () => sendError(res, 'NOT_FOUND'));
      return true;
    }
    const what = m[1] ?? 'index';
    const notFound: ErrorCode = m[1] ? 'SCOPE_NOT_FOUND' : 'NOT_FOUND';
    // The hot path: a built snapshot is written straight from memory.
    const ready = d.lookup.peek(election, what);
    if (ready) {
      sendBody(req, res, ready);
      return true;
    }
    slow(req, res, (fail) => {
      if (ready === null) return sendError(res, notFound);
      d.lookup.load(election, what).then((b) => (b ? sendBody(req, res, b) : sendError(res, notFound)), fail);
    });
    return true;
  };
}

function sendError(res: ServerResponse, code: ErrorCode, headers: Record<string, string> = {}): void {
  const r = errorReply(code);
  const body = JSON.stringify(r.body);
  res.statusCode = r.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries({ ...r.headers, ...headers })) res.setHeader(k, v);
  res.end(body);
}
