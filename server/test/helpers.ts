import { randomUUID } from 'node:crypto';
import type { ReferenceData } from '@ecc/shared';
import { generateSmall } from '@ecc/fixtures';
import type { Logger } from 'pino';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { createApp } from '../src/app.js';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Config } from '../src/config.js';
import { loadReference } from '../src/store/reference.store.js';
import { createRedis, createSubscriber } from '../src/store/redis.js';
import type { Redis } from '../src/store/redis.js';
import { issueTokens, reporterPrincipals } from '../src/store/tokens.store.js';

let counter = 0;
/** A fresh election id per test, so tests sharing one Redis never see each other's keys. */
export function uniqueElectionId(tag = 't'): string {
  return `${tag}-${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`.slice(0, 40);
}

export async function redisClient(url: string): Promise<Redis> {
  const c = createRedis(url, 5000, 'ecc-test');
  await c.connect();
  return c;
}

export interface Seeded {
  data: ReferenceData;
  /** area id → polling-team token */
  teamTokens: Map<string, string>;
  nationToken: string;
  provinceTokens: Map<string, string>;
}

/** Loads the small deterministic dataset under a new election id and issues reporter tokens. */
export async function seedElection(
  redis: Redis,
  opts: { electionId?: string; mode?: 'live' | 'simulation'; seed?: number } = {},
): Promise<Seeded> {
  const id = opts.electionId ?? uniqueElectionId();
  const data = generateSmall({ seed: opts.seed ?? 7, election: { id, mode: opts.mode ?? 'simulation' } });
  await loadReference(redis, data);
  const principals = reporterPrincipals(data);
  const tokens = await issueTokens(redis, principals);
  const teamTokens = new Map<string, string>();
  const provinceTokens = new Map<string, string>();
  principals.forEach((p, i) => {
    if (p.role === 'polling-team') teamTokens.set(p.areaId, tokens[i]!);
    else if (p.scope !== 'nation') provinceTokens.set(p.scope.slice(9), tokens[i]!);
  });
  return { data, teamTokens, nationToken: tokens[0]!, provinceTokens };
}

export interface RunningApp {
  url: string;
  app: App;
  redis: Redis;
  stop(): Promise<void>;
}

export async function startApp(
  redisUrl: string,
  env: Partial<Record<keyof Config, string>> = {},
  log?: Logger,
  now?: () => number,
): Promise<RunningApp> {
  const config = loadConfig({ REDIS_URL: redisUrl, PORT: '0', COALESCE_MS: '50', HEARTBEAT_MS: '500', ...env });
  const redis = createRedis(config.REDIS_URL, config.STORE_TIMEOUT_MS, 'ecc-test-app');
  const subscriber = createSubscriber(config.REDIS_URL, 'ecc-test-sub');
  await Promise.all([redis.connect(), subscriber.connect()]);
  const app = createApp({ config, redis, subscriber, ...(log ? { log } : {}), ...(now ? { now } : {}) });
  await app.start();
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  const addr = app.http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    redis,
    async stop() {
      await app.stop();
      await Promise.allSettled([redis.quit(), subscriber.quit()]);
    },
  };
}

export function connectViewer(url: string, election: string): Socket {
  return connect(url, { transports: ['websocket'], auth: { election }, forceNew: true, reconnection: true });
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await cond()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Posts JSON with a bearer token and an idempotency key. */
export async function post(url: string, path: string, token: string, body: unknown, key?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {}, headers: res.headers };
}

/** `at` on the area's voting date in Vietnam's offset. */
export function atLocal(date: string, time: string): string {
  return `${date}T${time}:00+07:00`;
}
