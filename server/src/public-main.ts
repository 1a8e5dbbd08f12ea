import { createServer } from 'node:http';
import { hostname } from 'node:os';
import helmet from 'helmet';
import pino from 'pino';
import { loadConfig } from './config.js';
import { cspDirectives } from './http/csp.js';
import { createPublicPath } from './http/public-path.js';
import { createServices } from './services.js';
import { createRedis } from './store/redis.js';

/**
 * The public lookup's own process (decision 0009): `GET /api/v1/public/*` from the in-memory snapshots, reading
 * Redis only to build and follow them, so visitors' traffic never shares the report servers' event loop or heap.
 * The balancer routes `/api/v1/public/` here (deploy/nginx.conf); everything else, including `/tra-cuu` itself
 * (a static page of the web app) and candidates' photos, stays on the servers. Also answers `/healthz`.
 *   npm run public                       (REDIS_URL, ELECTION_ID, PORT as for the server)
 */
async function main() {
  const config = loadConfig();
  const log = pino({
    level: config.LOG_LEVEL,
    base: { instance: `public:${config.INSTANCE_ID ?? `${hostname()}:${process.pid}`}` },
  });
  const redis = createRedis(config.REDIS_URL, config.STORE_TIMEOUT_MS, 'ecc-public');
  await redis.connect();
  const { publicLookup } = createServices(config, redis, () => {}, Date.now);
  const secure = helmet({ contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config.WEB_DIR) } });
  const publicPath = createPublicPath({ lookup: publicLookup, log, secure, defaultElection: config.ELECTION_ID });
  const http = createServer((req, res) => {
    if (publicPath(req, res)) return;
    const health = req.url === '/healthz';
    res.writeHead(health ? 200 : 404, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(health ? { ok: true } : { error: { code: 'NOT_FOUND' } }));
  });
  publicLookup.start();
  await new Promise<void>((resolve) => http.listen(config.PORT, config.HOST, resolve));
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  log.info({ port, election: config.ELECTION_ID }, `public lookup listening on http://${config.HOST}:${port}`);
  // Parent processes (benchmarks, tests) read the port from this message.
  if (process.send) process.send({ type: 'listening', port });

  const shutdown = () => {
    publicLookup.stop();
    const force = setTimeout(() => process.exit(1), 3000);
    force.unref();
    http.close(() => void redis.quit().finally(() => process.exit(0)));
    http.closeAllConnections();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
