import type { IncomingMessage } from 'node:http';
import type { Principal } from '@ecc/shared';
import { apiError } from '@ecc/shared';
import type { Socket } from 'socket.io';
import type { Authenticator } from '../http/session-auth.js';
import { originAllowed } from '../http/session-auth.js';

export interface SocketAuthDeps {
  authn: Authenticator;
  allowedOrigins: readonly string[];
  publicReads: boolean;
}

/** What a connected socket carries: its principal (null: anonymous public reader). */
export interface SocketData {
  principal: Principal | null;
}

function refuse(code: 'ORIGIN_NOT_ALLOWED' | 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | 'CSRF_FAILED') {
  const e = new Error(code) as Error & { data: unknown };
  e.data = { error: apiError(code) };
  return e;
}

/**
 * The handshake: a browser's Origin must be this site or an allowed one (a page elsewhere cannot ride the
 * user's cookie over a websocket); then the bearer token (`auth.token`, devices and walls) or the session
 * cookie decides the principal. No credential: anonymous, allowed only while PUBLIC_READS=1.
 */
export function socketAuth(d: SocketAuthDeps) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const req = socket.request as IncomingMessage;
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, req.headers.host, d.allowedOrigins)) {
      return next(refuse('ORIGIN_NOT_ALLOWED'));
    }
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const headers = typeof token === 'string' ? { ...req.headers, authorization: `Bearer ${token}` } : req.headers;
    d.authn.authenticate({ headers } as IncomingMessage, false).then(
      (a) => {
        const cookieOnly = headers.authorization === undefined;
        if (!a.ok && !(cookieOnly && d.publicReads)) {
          return next(refuse(a.code === 'SESSION_EXPIRED' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED'));
        }
        // An expired cookie on a public page just reads anonymously.
        if (!a.ok) return (((socket.data as SocketData).principal = null), next());
        if (!a.principal && !d.publicReads) return next(refuse('UNAUTHENTICATED'));
        (socket.data as SocketData).principal = a.principal;

        next();
      },
      () => next(refuse('UNAUTHENTICATED')),
    );
  };
}
