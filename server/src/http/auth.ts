import type { RequestHandler } from 'express';
import type { Principal } from '../store/tokens.store.js';
import { sendError } from './errors.js';

export type PrincipalLookup = (token: string) => Promise<Principal | null>;

const CACHE_MS = 5000;

/**
 * Bearer-token authentication for reporting devices. Lookups are cached for 5 s so the ingest path does not pay
 * a Redis round trip per report; a revoked token stops working within that time.
 */
export function bearerAuth(lookup: PrincipalLookup, now: () => number = Date.now): RequestHandler {
  const cache = new Map<string, { at: number; p: Principal | null }>();
  return (req, res, next) => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : '';
    if (!token) return sendError(res, 'UNAUTHENTICATED');
    const hit = cache.get(token);
    const t = now();
    if (hit && t - hit.at < CACHE_MS) {
      if (!hit.p) return sendError(res, 'UNAUTHENTICATED');
      res.locals.principal = hit.p;
      return next();
    }
    lookup(token).then(
      (p) => {
        if (cache.size > 200_000) cache.clear();
        cache.set(token, { at: t, p });
        if (!p) return sendError(res, 'UNAUTHENTICATED');
        res.locals.principal = p;
        next();
      },
      (e: unknown) => next(e),
    );
  };
}
