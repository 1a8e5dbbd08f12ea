import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorCode, Principal } from '@ecc/shared';
import type { AuthService } from '../services/auth.service.js';
import type { BearerAuth } from './auth.js';

export const SESSION_COOKIE = 'ecc_session';
/** Readable by the page's script (not httpOnly): the SPA echoes it in X-CSRF-Token (double submit). */
export const CSRF_COOKIE = 'ecc_csrf';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Same origin as the Host the request was sent to, or one of the configured ALLOWED_ORIGINS. */
export function originAllowed(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

const ONE_TIME_PATHS = new Set(['/api/v1/auth/password', '/api/v1/auth/me', '/api/v1/auth/sign-out']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export type Authenticated =
  | { ok: true; principal: Principal; via: 'token' | 'session'; sessionId?: string }
  | { ok: true; principal: null }
  | { ok: false; code: ErrorCode };

/**
 * Who is calling: a device's bearer token (checked first and exactly as before: the ingest path), else a
 * person's session cookie, else nobody. Cookie-authenticated writes must carry the session's CSRF token and,
 * when the browser sends an Origin, an allowed one; bearer requests carry no ambient credential, so no CSRF.
 */
export class Authenticator {
  constructor(
    private bearer: BearerAuth,
    private auth: AuthService,
    private allowedOrigins: readonly string[],
  ) {}

  async authenticate(req: IncomingMessage, write: boolean): Promise<Authenticated> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const p = await this.bearer.resolve(header);
      return p ? { ok: true, principal: p, via: 'token' } : { ok: false, code: 'UNAUTHENTICATED' };
    }
    const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!sessionId) return { ok: true, principal: null };
    const s = await this.auth.resolve(sessionId);
    if (!s.ok) return { ok: false, code: s.code };
    if (write) {
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(origin, req.headers.host, this.allowedOrigins)) {
        return { ok: false, code: 'CSRF_FAILED' };
      }
      const token = req.headers['x-csrf-token'];
      if (typeof token !== 'string' || !same(token, s.csrf)) return { ok: false, code: 'CSRF_FAILED' };
    }
    // A one-time password opens only the way to replace it (and to look at oneself or leave).
    const path = ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    if (s.mustChangePassword && !ONE_TIME_PATHS.has(path)) return { ok: false, code: 'PASSWORD_CHANGE_REQUIRED' };
    return { ok: true, principal: s.principal, via: 'session', sessionId };
  }
}
