import type { Action, Principal, Target } from '@ecc/shared';
import { authorize } from '@ecc/shared';
import type { RequestHandler, Response } from 'express';
import type { AuditStore } from '../store/audit.store.js';
import { clientIp } from './client-ip.js';
import { sendError } from './errors.js';
import type { Authenticator } from './session-auth.js';

export interface GuardDeps {
  authn: Authenticator;
  audit: AuditStore;
  trustProxy: boolean;
  /** The read rule shared with the sockets (realtime/read-access.ts): lineage, boards' units, audited denials. */
  mayRead: (p: Principal, electionId: string, scope: string, ip: string) => Promise<'FORBIDDEN' | null>;
  defaultElection: string;
}

export const principalOf = (res: Response): Principal | null => (res.locals.principal as Principal | null) ?? null;
export const ipOf = (res: Response): string => (res.locals.ip as string | undefined) ?? '';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Express middlewares: who is calling (bearer or session + CSRF), and may they do this. */
export function guard(d: GuardDeps) {
  const ip: RequestHandler = (req, res, next) => {
    res.locals.ip = clientIp(req, d.trustProxy);
    next();
  };

  const authenticate: RequestHandler = async (req, res, next) => {
    const a = await d.authn.authenticate(req, !SAFE.has(req.method));
    if (!a.ok) return sendError(res, a.code);
    res.locals.principal = a.principal;
    if ('sessionId' in a) res.locals.sessionId = a.sessionId;
    next();
  };

  /** Denials are audited (global chain): who tried what, from where. */
  const deny = async (res: Response, p: Principal, action: Action, target: string, reason: 'role' | 'jurisdiction') => {
    await d.audit
      .append([
        {
          ts: Date.now(),
          who: p.subject ?? p.name,
          role: p.role,
          act: action,
          ip: ipOf(res),
          target,
          outcome: 'denied',
          detail: reason,
        },
      ])
      .catch(() => {});
    sendError(res, reason === 'role' ? 'ROLE_FORBIDDEN' : 'FORBIDDEN');
  };

  /** The role must grant the action (the target, when there is one, is checked by the handler via `check`). */
  const allow =
    (action: Action): RequestHandler =>
    async (_req, res, next) => {
      const p = principalOf(res);
      if (!p) return sendError(res, 'UNAUTHENTICATED');
      const r = authorize(p, action);
      if (!r.ok && r.reason === 'role') return deny(res, p, action, '', 'role');
      next();
    };

  /** For handlers with a target: true when allowed; otherwise answers 403 (audited) and returns false. */
  const check = async (res: Response, action: Action, target: Target, label: string): Promise<boolean> => {
    const p = principalOf(res);
    if (!p) return (sendError(res, 'UNAUTHENTICATED'), false);
    const r = authorize(p, action, target);
    if (r.ok) return true;
    await deny(res, p, action, label, r.reason);
    return false;
  };

  /**
   * Scope reads when PUBLIC_READS=0 (app.ts mounts it only then): national roles everywhere, others within
   * their jurisdiction, what it contains and its ancestors.
   */
  const readScope: RequestHandler = async (req, res, next) => {
    const p = principalOf(res);
    if (!p) return sendError(res, 'UNAUTHENTICATED');
    const id = req.params.id;
    const scope = typeof id === 'string' ? `area:${id}` : String(req.params.scope ?? 'nation');
    const election = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
    const denied = await d.mayRead(p, election, scope, ipOf(res));
    if (denied) return sendError(res, denied);
    next();
  };

  return { ip, authenticate, allow, check, readScope };
}
export type Guard = ReturnType<typeof guard>;
