import { hostname } from 'node:os';
import pino from 'pino';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { checkPersistence } from './store/persistence.js';
import { createRedis, createSubscriber } from './store/redis.js';

/** Composition root: config, Redis clients, listen, graceful shutdown. */
async function main() {
  const config = loadConfig();
  const log = pino({
    level: config.LOG_LEVEL,
    base: { instance: config.INSTANCE_ID ?? `${hostname()}:${process.pid}` },
    // Belt and braces: nothing logs headers today, but a token must never reach a log line.
    redact: ['req.headers.authorization', 'headers.authorization', 'token'],
  });
  const redis = createRedis(config.REDIS_URL, config.STORE_TIMEOUT_MS, 'ecc-server');
  const subscriber = createSubscriber(config.REDIS_URL, 'ecc-server-sub');
  await Promise.all([redis.connect(), subscriber.connect()]);
  const app = createApp({ config, redis, subscriber, log });
  await app.start();
  const p = await checkPersistence(redis);
  if (!p.durable) {
    const msg = `Redis persistence is appendonly=${p.appendonly} appendfsync=${p.appendfsync}`;
    if (config.ALLOW_VOLATILE) log.warn(`${msg}: accepting reports anyway (ALLOW_VOLATILE=1, throwaway run)`);
    else log.error(`${msg}: reports are refused with 503 until AOF with appendfsync always is on`);
  }
  await new Promise<void>((resolve) => app.http.listen(config.PORT, config.HOST, resolve));
  const addr = app.http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  log.info({ port, election: config.ELECTION_ID }, `listening on http://${config.HOST}:${port}`);
  // Parent processes (start script, tests) read the port from this line.
  if (process.send) process.send({ type: 'listening', port });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    await app.stop();
    await Promise.allSettled([redis.quit(), subscriber.quit()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
