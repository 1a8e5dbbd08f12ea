import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import express from 'express';
import pino from 'pino';
import type { Logger } from 'pino';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ErrorCode, ServerToClientEvents } from '@ecc/shared';
import type { Config } from './config.js';
import { createServices } from './services.js';
import { clientIp } from './http/client-ip.js';
import { cspDirectives } from './http/csp.js';
import { createFastPath } from './http/fast-path.js';
import { turnoutHandlers } from './http/turnout.handlers.js';
import { requestContext } from './http/request-context.js';
import { createMetrics } from './observability/metrics.js';
import { scopeKind } from '@ecc/shared';
import { parseRoom } from './realtime/rooms.js';
import { errorHandler, sendError } from './http/errors.js';
import { openApiDocument } from './http/openapi.js';
import { scopeRoutes } from './http/scopes.routes.js';
import { turnoutRoutes } from './http/turnout.routes.js';
import { startFanout } from './realtime/fanout.js';
import { startHeartbeat } from './realtime/heartbeat.js';
import { rateLimit } from './realtime/rate-limit.js';
import type { SocketData } from './realtime/socket-auth.js';
import { registerSubscribeHandlers, sharedSnapshots } from './realtime/subscribe.handlers.js';
import { createSecurity } from './security.js';
import { StatusService } from './services/status.service.js';
import { checkPersistence } from './store/persistence.js';
import type { PersistenceStatus } from './store/persistence.js';
import type { Redis } from './store/redis.js';
import { listElections } from './store/reference.store.js';
import { electionRoutes } from './http/elections.routes.js';
import { referenceImportRoutes } from './http/reference-import.routes.js';
import { referenceRoutes } from './http/reference.routes.js';
import { incidentRoutes } from './http/incidents.routes.js';
import { startIncidentsFanout } from './realtime/incidents-fanout.js';
import { registerIncidentHandlers } from './realtime/incidents.handlers.js';
import { countingRoutes } from './http/counting.routes.js';
import { resultsExportRoutes } from './http/results-export.routes.js';
import { voterChangeRoutes } from './http/voter-changes.routes.js';
import { createPublicPath } from './http/public-path.js';
import { posterRoutes } from './http/posters.routes.js';

export interface AppDeps {
  config: Config;
  redis: Redis;
  subscriber: Redis;
  log?: Logger;
  /** The clock of sessions and lockouts; tests inject one to expire sessions. */
  now?: () => number;
}

export interface App {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Loads scripts, checks persistence and subscribes; never listens (tests and main.ts do). */
  start(): Promise<void>;
  stop(): Promise<void>;
  stats: () => Record<string, number>;
}

const PERSISTENCE_RECHECK_MS = 10_000;

export function createApp({
  config,
  redis,
  subscriber,
  log = pino({ level: 'silent' }),
  now = Date.now,
}: AppDeps): App {
  const metrics = createMetrics();
  const timer = (script: string, seconds: number) => metrics.redisSeconds.observe({ script }, seconds);
  const {
    turnoutStore,
    scopesStore,
    elections,
    scopes,
    audit,
    turnout,
    countingStore,

    counting,
    results,
    exports,
    voterChangesStore,
    voterChanges,
    voterReports,

    publicLookup,
    electionsAdmin,
    referenceImport,
    referenceEdits,
    referenceMaintain,
    incidentsStore,
    photos,
    incidents,
  } = createServices(config, redis, timer, now);
  const security = createSecurity({
    config,
    redis,
    subscriber,
    audit,
    elections,
    areaUnits: (e, a) => turnoutStore.areaUnits(e, a),
    now,
  });

  let persistence: PersistenceStatus | null = null;
  let accepted = 0;
  const writeGate = (): ErrorCode | null =>
    config.ALLOW_VOLATILE || persistence?.durable ? null : persistence ? 'PERSISTENCE_OFF' : 'STORE_UNAVAILABLE';

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const secure = helmet({ contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config.WEB_DIR) } });
  app.use(secure);
  app.use(requestContext(log));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/readyz', async (_req, res) => {
    const checks = {
      redis: await redis.ping().then(
        () => true,
        () => false,
      ),
      persistence: config.ALLOW_VOLATILE || persistence?.durable === true,
      scripts: turnoutStore.loaded,
      subscribed: subscribed,
    };
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ ready, checks });
  });

  const api = express.Router();
  // Reference imports carry whole sheets: their own parsers and limits, before the 64 KB JSON parser (issue 9).
  api.use(referenceImportRoutes({ imports: referenceImport, redis, guard: security.guard }));
  api.use(express.json({ limit: '64kb' }));
  api.use(security.guard.ip);
  for (const r of security.routers) api.use(r);
  api.use(electionRoutes({ admin: electionsAdmin, guard: security.guard }));
  api.use(
    referenceRoutes({
      maintain: referenceMaintain,
      store: referenceEdits,
      elections,
      redis,
      guard: security.guard,
      defaultElection: config.ELECTION_ID,
    }),
  );
  api.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
  api.get(
    '/elections',
    async (_req, res) => void res.json({ live: config.ELECTION_ID, elections: await listElections(redis) }),
  );
  // Scope reads are public while PUBLIC_READS=1 (a stale cookie must not break the public pages).
  if (!config.PUBLIC_READS) {
    api.use('/scopes/:scope', security.guard.authenticate, security.guard.readScope);
    api.use('/areas/:id', security.guard.authenticate, security.guard.readScope);
  }
  api.use(scopeRoutes({ scopes, elections, defaultElection: config.ELECTION_ID }));
  api.get('/status', async (req, res) => {
    const election = typeof req.query.election === 'string' ? req.query.election : config.ELECTION_ID;
    res.json(await status.view(election));
  });
  api.use(turnoutRoutes({ store: turnoutStore, defaultElection: config.ELECTION_ID }));
  api.use(incidentRoutes({ incidents, elections, photos, guard: security.guard, writeGate }));
  // With PUBLIC_READS=0 counting reads and the feed need a principal (writes are authorised per record anyway).
  if (!config.PUBLIC_READS)
    api.use(['/counting', '/results'], security.guard.authenticate, (_req, res, next) =>
      res.locals.principal ? next() : sendError(res, 'UNAUTHENTICATED'),
    );
  api.use(
    countingRoutes({
      counting,
      results,
      store: countingStore,
      guard: security.guard,
      writeGate,
      defaultElection: config.ELECTION_ID,
    }),
  );
  api.use(
    resultsExportRoutes({
      exports,
      defaultElection: config.ELECTION_ID,
      electionOf: async (id) => (await elections.get(id))?.election ?? null,
    }),
  );
  api.use(
    voterChangeRoutes({
      changes: voterChanges,
      reports: voterReports,
      guard: security.guard,
      writeGate,
      defaultElection: config.ELECTION_ID,
    }),
  );
  api.use(
    posterRoutes({
      lookup: publicLookup,
      guard: security.guard,
      defaultElection: config.ELECTION_ID,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      trustProxy: config.TRUST_PROXY,
    }),
  );
  api.use((_req, res) => sendError(res, 'NOT_FOUND'));
  app.use('/api/v1', api);
  if (config.WEB_DIR && existsSync(config.WEB_DIR)) {
    app.use(express.static(config.WEB_DIR, { index: 'index.html', maxAge: '1h' }));
    // The web app is a single-page app: unknown paths get its shell, which routes on the client.
    app.use((req, res, next) => (req.method === 'GET' ? res.sendFile('index.html', { root: config.WEB_DIR }) : next()));
  }
  app.use(errorHandler);

  const handlers = turnoutHandlers({
    turnout,
    writeGate,
    observe: (kind, outcomes, seconds) => {
      // One store step, one observation; the counters move once per label with the step's tallies (a batch of
      // 1,000 made 3,000 metric calls).
      metrics.ingestSeconds.observe(seconds);
      let fresh = 0;
      let replayed = 0;
      const rejected = new Map<string, number>();
      for (const o of outcomes) {
        if (!o.ok) rejected.set(o.code, (rejected.get(o.code) ?? 0) + 1);
        else if (o.replayed) replayed++;
        else fresh++;
      }
      accepted += fresh + replayed;
      if (fresh) metrics.reportsAccepted.inc({ kind, replayed: 'false' }, fresh);
      if (replayed) metrics.reportsAccepted.inc({ kind, replayed: 'true' }, replayed);
      if (fresh) metrics.pubsubOut.inc(fresh);
      for (const [code, n] of rejected) metrics.reportsRejected.inc({ code }, n);
    },
    countRejection: (code) => metrics.reportsRejected.inc({ code }),
  });
  const fastPath = createFastPath({
    handlers,
    auth: security.authn,
    log,
    secure,
    trustProxy: config.TRUST_PROXY,
  });
  const publicPath = createPublicPath({ lookup: publicLookup, log, secure, defaultElection: config.ELECTION_ID });
  const http = createServer((req, res) => {
    if (!fastPath(req, res) && !publicPath(req, res)) app(req, res);
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  let resyncs = 0;
  metrics.sources.sockets = () => io.engine.clientsCount;
  metrics.sources.socketsByRoomKind = () => {
    const byKind = new Map<string, number>();
    for (const [room, members] of io.of('/').adapter.rooms) {
      const r = parseRoom(room);
      if (r) byKind.set(scopeKind(r.scope), (byKind.get(scopeKind(r.scope)) ?? 0) + members.size);
    }
    return byKind;
  };
  // Past the cap a viewer is refused before anything is allocated for it; its client retries with back-off.
  io.use((_socket, next) => next(io.engine.clientsCount > config.MAX_SOCKETS ? new Error('OVERLOADED') : undefined));
  io.use(security.socketAuth);
  const snapshots = sharedSnapshots();
  io.on('connection', (socket) => {
    rateLimit(socket);
    const ip = clientIp(socket.request, config.TRUST_PROXY);
    registerSubscribeHandlers(socket, {
      mayRead: (s, election, scope) => security.mayRead((s.data as SocketData).principal, election, scope, ip),
      scopes,
      store: scopesStore,
      snapshots,
      electionOf: (s) => {
        const e = (s.handshake.auth as { election?: unknown }).election;
        return typeof e === 'string' && /^[a-z0-9-]{2,40}$/.test(e) ? e : config.ELECTION_ID;
      },
      onResync: (mode) => {
        resyncs++;
        metrics.resyncs.inc({ mode });
      },
      counting: {
        snapshot: (e, scope) => results.snapshot(e, scope),
        since: (e, contest, inner, lastSeq, max) => countingStore.since(e, contest, inner, lastSeq, max),
        seq: (e, contest, inner) => countingStore.seq(e, contest, inner),
      },
    });
    const e = (socket.handshake.auth as { election?: unknown }).election;
    registerIncidentHandlers(socket, {
      incidents,
      electionId: typeof e === 'string' && /^[a-z0-9-]{2,40}$/.test(e) ? e : config.ELECTION_ID,
      principal: () => (socket.data as SocketData).principal,
      provinceOf: async (election, commune) => (await elections.get(election))?.communes.get(commune)?.provinceCode,
    });
  });

  let subscribed = false;
  const status = new StatusService(
    redis,
    {
      ready: () => subscribed && turnoutStore.loaded && (config.ALLOW_VOLATILE || persistence?.durable === true),
      sockets: () => io.engine.clientsCount,
      acceptedTotal: () => accepted,
      lastSeq: () => fanout?.stats.lastSeq ?? {},
      lastPubsubAt: () => fanout?.stats.lastMessageAt ?? 0,
    },
    elections,
    scopes,
    scopesStore,
    config.INSTANCE_ID,
  );
  let fanout: ReturnType<typeof startFanout> | null = null;
  let heartbeat: ReturnType<typeof startHeartbeat> | null = null;
  let incidentsFanout: ReturnType<typeof startIncidentsFanout> | null = null;
  let revocation: Awaited<ReturnType<typeof security.startRevocation>> | null = null;
  let recheck: NodeJS.Timeout | null = null;

  return {
    http,
    io,
    async start() {
      await Promise.all([
        turnoutStore.load(),
        scopesStore.load(),
        audit.load(),
        countingStore.load(),
        incidentsStore.load(),
        voterChangesStore.load(),
      ]);
      persistence = await checkPersistence(redis);
      recheck = setInterval(() => {
        checkPersistence(redis).then(
          (p) => (persistence = p),
          () => {},
        );
      }, PERSISTENCE_RECHECK_MS);
      recheck.unref();
      fanout = startFanout({ io, subscriber, coalesceMs: config.COALESCE_MS, metrics, log });
      await fanout.ready;
      incidentsFanout = startIncidentsFanout({
        io,
        subscriber,
        store: incidentsStore,
        heartbeatMs: config.HEARTBEAT_MS,
        log,
      });
      await incidentsFanout.ready;
      revocation = await security.startRevocation(io);
      subscribed = true;
      heartbeat = startHeartbeat(io, scopesStore, config.HEARTBEAT_MS, () => fanout?.takeEmitted() ?? new Set());
      status.start();
      publicLookup.start();
    },
    async stop() {
      status.stop();
      publicLookup.stop();
      if (recheck) clearInterval(recheck);
      heartbeat?.stop();
      await fanout?.stop();
      await incidentsFanout?.stop();
      await revocation?.stop().catch(() => {});
      subscribed = false;
      await io.close();
      if (http.listening) await new Promise<void>((r) => http.close(() => r()));
    },
    stats: () => ({
      pubsubReceived: fanout?.stats.received ?? 0,
      emitted: fanout?.stats.emitted ?? 0,
      lastPubsubAt: fanout?.stats.lastMessageAt ?? 0,
      resyncs,
      sockets: io.engine.clientsCount,
      publicBuilds: publicLookup.builds,
    }),
  };
}
