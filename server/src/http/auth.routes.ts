import { placeLabel, ROLE_LABELS } from '@ecc/shared';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AuthService } from '../services/auth.service.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './session-auth.js';

const signInSchema = z.object({ username: z.string().max(128), password: z.string().max(1024) });
const passwordSchema = z.object({ current: z.string().max(1024), next: z.string().max(1024) });

export interface AuthRouteDeps {
  auth: AuthService;
  guard: Guard;
  /** COOKIE_SECURE=1, or the request came over https (directly or per X-Forwarded-Proto behind a trusted proxy). */
  secureCookies: (req: Request) => boolean;
}

function setCookies(req: Request, res: Response, d: AuthRouteDeps, session: string, csrf: string, maxAge = '') {
  const secure = d.secureCookies(req) ? '; Secure' : '';
  res.append('Set-Cookie', `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict${secure}${maxAge}`);
  res.append('Set-Cookie', `${CSRF_COOKIE}=${csrf}; Path=/; SameSite=Strict${secure}${maxAge}`);
}

/** Sign-in, sign-out, who am I, change password. The cookies carry no expiry: the server decides (30 min / 12 h). */
export function authRoutes(d: AuthRouteDeps): Router {
  const r = Router();
  r.post('/auth/sign-in', async (req, res) => {
    const body = signInSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const s = await d.auth.signIn(body.data.username, body.data.password, ipOf(res));
    if (!s.ok) {
      if (s.retryAfterMs) res.setHeader('Retry-After', String(Math.ceil(s.retryAfterMs / 1000)));
      return sendError(res, s.code);
    }
    setCookies(req, res, d, s.sessionId, s.csrf);
    const a = s.account;
    res.json({
      username: a.username,
      role: a.role,
      roleLabel: ROLE_LABELS[a.role],
      jurisdiction: placeLabel(a.jurisdiction),
      election: a.election,
      csrfToken: s.csrf,
      mustChangePassword: a.mustChangePassword,
    });
  });

  r.get('/auth/me', d.guard.authenticate, (_req, res) => {
    const p = principalOf(res);
    if (!p) return sendError(res, 'UNAUTHENTICATED');
    res.json({ name: p.name, subject: p.subject, role: p.role, jurisdiction: placeLabel(p.jurisdiction), via: p.via });
  });

  r.post('/auth/sign-out', d.guard.authenticate, async (req, res) => {
    const p = principalOf(res);
    const sid = res.locals.sessionId as string | undefined;
    if (!p || !sid) return sendError(res, 'UNAUTHENTICATED');
    await d.auth.signOut(sid, p, ipOf(res));
    setCookies(req, res, d, '', '', '; Max-Age=0');
    res.status(204).end();
  });

  r.post('/auth/password', d.guard.authenticate, async (req, res) => {
    const p = principalOf(res);
    if (!p || p.via !== 'session') return sendError(res, 'UNAUTHENTICATED');
    const body = passwordSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const err = await d.auth.changePassword(p, body.data.current, body.data.next, ipOf(res));
    if (err) return sendError(res, err, err === 'WEAK_PASSWORD' ? { field: 'next' } : {});
    setCookies(req, res, d, '', '', '; Max-Age=0');
    res.status(204).end();
  });
  return r;
}
