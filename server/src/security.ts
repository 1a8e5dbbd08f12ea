import type { Request } from 'express';
import type { Server } from 'socket.io';
import type { Config } from './config.js';
import { accountRoutes } from './http/accounts.routes.js';
import { BearerAuth } from './http/auth.js';
import { authRoutes } from './http/auth.routes.js';
import { auditRoutes } from './http/audit.routes.js';
import { guard } from './http/guard.js';
import { provisioningRoutes } from './http/provisioning.routes.js';
import { Authenticator } from './http/session-auth.js';
import { readAccess } from './realtime/read-access.js';
import { publishRevocation, startRevocation } from './realtime/revocation.js';
import { socketAuth } from './realtime/socket-auth.js';
import { AccountsService } from './services/accounts.service.js';
import { AuthService } from './services/auth.service.js';
import type { ElectionsService } from './services/elections.service.js';
import { ProvisioningService } from './services/provisioning.service.js';
import { WallsService } from './services/walls.service.js';
import { AccountsStore } from './store/accounts.store.js';
import type { AuditStore } from './store/audit.store.js';
import { FailuresStore } from './store/failures.store.js';
import type { Redis } from './store/redis.js';
import { areaExists, areasOfCommune, listUnits, unitProvince } from './store/reference.store.js';
import { SessionsStore } from './store/sessions.store.js';
import { findPrincipal } from './store/tokens.store.js';

export interface SecurityDeps {
  config: Config;
  redis: Redis;
  subscriber: Redis;
  audit: AuditStore;
  elections: ElectionsService;
  areaUnits: (electionId: string, areaId: string) => Promise<string[]>;
  /** The clock of sessions and lockouts (tests move it to expire sessions). */
  now: () => number;
}

/**
 * Accounts, sessions, device tokens and their checks, built once: the HTTP routes and guard, the fast path's
 * authenticator, the socket handshake and read check, and the revocation listener.
 */
export function createSecurity({ config, redis, subscriber, audit, elections, areaUnits, now }: SecurityDeps) {
  const bearer = new BearerAuth((t) => findPrincipal(redis, t));
  const accountsStore = new AccountsStore(redis);
  const sessions = new SessionsStore(redis);
  const auth = new AuthService(
    accountsStore,
    sessions,
    new FailuresStore(redis),
    audit,
    { idleMs: config.SESSION_IDLE_MS, absoluteMs: config.SESSION_MAX_MS },
    now,
  );
  const lookup = {
    unitProvince: (e: string, u: string) => unitProvince(redis, e, u),
    areaExists: (e: string, a: string) => areaExists(redis, e, a),
  };
  const revoke = (subject: string) => publishRevocation(redis, subject);
  const accounts = new AccountsService(
    accountsStore,
    sessions,
    audit,
    elections,
    lookup,
    revoke,
    config.ELECTION_ID,
    now,
  );
  const provisioning = new ProvisioningService(
    accountsStore,
    accounts,
    elections,
    { areasOf: (e, c) => areasOfCommune(redis, e, c), units: (e) => listUnits(redis, e) },
    audit,
    now,
  );
  const walls = new WallsService(redis, audit, elections, lookup, revoke, now);
  const authn = new Authenticator(bearer, auth, config.ALLOWED_ORIGINS);
  const mayRead = readAccess({ elections, audit, publicReads: config.PUBLIC_READS, areaUnits });
  const electionOf = async (id: string) => (await elections.get(id))?.election ?? null;
  const g = guard({ authn, audit, trustProxy: config.TRUST_PROXY, mayRead, defaultElection: config.ELECTION_ID });
  const secureCookies = (req: Request) =>
    config.COOKIE_SECURE || req.secure || (config.TRUST_PROXY && req.headers['x-forwarded-proto'] === 'https');

  return {
    bearer,
    authn,
    guard: g,
    accounts,
    routers: [
      authRoutes({ auth, guard: g, secureCookies }),
      accountRoutes({ accounts, walls, guard: g, defaultElection: config.ELECTION_ID }),
      auditRoutes({ audit, guard: g, electionOf }),
      provisioningRoutes({ provisioning, guard: g, defaultElection: config.ELECTION_ID, electionOf }),
    ],
    socketAuth: socketAuth({ authn, allowedOrigins: config.ALLOWED_ORIGINS, publicReads: config.PUBLIC_READS }),
    mayRead,
    startRevocation: (io: Server) => startRevocation(io, subscriber, () => bearer.clear()),
  };
}
export type Security = ReturnType<typeof createSecurity>;
