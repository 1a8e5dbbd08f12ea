import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, PollingArea, SubscribeResult } from '@ecc/shared';
import { EV } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let area: PollingArea;
let otherProvince: string;
let admin: Session;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  area = seed.data.areas[0]!;
  otherProvince = seed.data.provinces.find((p) => p.code !== area.provinceCode)!.code;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, PUBLIC_READS: '0' });
  admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id)))
    .session;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.stop();
  await redis.quit();
});

function open(opts: { cookie?: string; token?: string; origin?: string }): Socket {
  const extraHeaders: Record<string, string> = {};
  if (opts.cookie) extraHeaders.cookie = opts.cookie;
  if (opts.origin) extraHeaders.origin = opts.origin;
  const s = connect(app.url, {
    transports: ['websocket'],
    auth: { election: seed.data.election.id, ...(opts.token ? { token: opts.token } : {}) },
    extraHeaders,
    forceNew: true,
    reconnection: false,
  });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) =>
  new Promise<string>((resolve) => {
    s.on('connect', () => resolve('ok'));
    s.on('connect_error', (e) => resolve(e.message));
  });
const subscribe = (s: Socket, scope: string) =>
  new Promise<Ack<SubscribeResult>>((resolve) => s.emit(EV.subscribe, { scope }, resolve));
const disconnectedWithin = (s: Socket, ms: number) =>
  new Promise<number>((resolve, reject) => {
    const t0 = Date.now();
    const timer = setTimeout(() => reject(new Error('still connected')), ms);
    s.on('disconnect', () => {
      clearTimeout(timer);
      resolve(Date.now() - t0);
    });
  });

async function committee(): Promise<{ username: string; session: Session }> {
  const username = await makeAccount(
    redis,
    'commune-committee',
    { level: 'commune', province: area.provinceCode, commune: area.communeCode },
    seed.data.election.id,
  );
  return { username, session: (await signIn(app.url, username, PASSWORD)).session };
}

describe('socket handshake', () => {
  it('refuses anonymous sockets when PUBLIC_READS=0', async () => {
    expect(await connected(open({}))).toBe('UNAUTHENTICATED');
  });

  it('refuses a foreign Origin, accepts the same origin', async () => {
    const { session } = await committee();
    expect(await connected(open({ cookie: session.cookie, origin: 'https://evil.example' }))).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    expect(await connected(open({ cookie: session.cookie, origin: app.url }))).toBe('ok');
  });

  it('refuses an unknown bearer token', async () => {
    expect(await connected(open({ token: 'not-a-token' }))).toBe('UNAUTHENTICATED');
  });
});

describe('reads scoped by jurisdiction', () => {
  it('a commune committee reads its commune, its areas and ancestors, not another province', async () => {
    const { session } = await committee();
    const s = open({ cookie: session.cookie });
    expect(await connected(s)).toBe('ok');
    expect((await subscribe(s, `commune:${area.communeCode}`)).ok).toBe(true);
    expect((await subscribe(s, `area:${area.id}`)).ok).toBe(true);
    expect((await subscribe(s, `province:${area.provinceCode}`)).ok).toBe(true);
    expect((await subscribe(s, 'nation')).ok).toBe(true);
    const denied = await subscribe(s, `province:${otherProvince}`);
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
    const sibling = seed.data.communes.find((c) => c.provinceCode === area.provinceCode && c.code !== area.communeCode);
    if (sibling) expect((await subscribe(s, `commune:${sibling.code}`)).ok).toBe(false);
  });

  it('a national leader reads everything', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, seed.data.election.id);
    const s = open({ cookie: (await signIn(app.url, u, PASSWORD)).session.cookie });
    expect(await connected(s)).toBe('ok');
    expect((await subscribe(s, `province:${otherProvince}`)).ok).toBe(true);
  });
});

describe('revocation disconnects live sockets within 5 s', () => {
  it('revoking an account', async () => {
    const { username, session } = await committee();
    const s = open({ cookie: session.cookie });
    expect(await connected(s)).toBe('ok');
    const gone = disconnectedWithin(s, 5000);
    const r = await withSession(app.url, admin, 'PATCH', `/api/v1/accounts/${username}`, { status: 'revoked' });
    expect(r.status).toBe(200);
    expect(await gone).toBeLessThan(5000);
    expect(await connected(open({ cookie: session.cookie }))).toBe('UNAUTHENTICATED');
  });

  it('changing its jurisdiction', async () => {
    const { username, session } = await committee();
    const s = open({ cookie: session.cookie });
    expect(await connected(s)).toBe('ok');
    const gone = disconnectedWithin(s, 5000);
    const r = await withSession(app.url, admin, 'PATCH', `/api/v1/accounts/${username}`, {
      role: 'provincial-committee',
      jurisdiction: `province:${otherProvince}`,
    });
    expect(r.status).toBe(200);
    await gone;
    const again = open({ cookie: session.cookie });
    expect(await connected(again)).toBe('ok');
    expect((await subscribe(again, `province:${otherProvince}`)).ok).toBe(true);
    expect((await subscribe(again, `commune:${area.communeCode}`)).ok).toBe(false);
  });

  it('revoking a wall token', async () => {
    const issued = await withSession(app.url, admin, 'POST', '/api/v1/walls', { name: 'Phòng họp A', scope: 'nation' });
    expect(issued.status).toBe(201);
    const s = open({ token: issued.body.token });
    expect(await connected(s)).toBe('ok');
    expect((await subscribe(s, 'nation')).ok).toBe(true);
    const gone = disconnectedWithin(s, 5000);
    expect((await withSession(app.url, admin, 'DELETE', `/api/v1/walls/${issued.body.wall.id}`)).status).toBe(204);
    await gone;
    expect(await connected(open({ token: issued.body.token }))).toBe('UNAUTHENTICATED');
  });
});

describe('per-socket rate limit', () => {
  it('answers RATE_LIMITED beyond the burst and recovers', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, seed.data.election.id);
    const s = open({ cookie: (await signIn(app.url, u, PASSWORD)).session.cookie });
    expect(await connected(s)).toBe('ok');
    const answers = await Promise.all(Array.from({ length: 40 }, () => subscribe(s, 'nation')));
    const limited = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 300));
    expect((await subscribe(s, 'nation')).ok).toBe(true);
  });
});

describe('HTTP reads when PUBLIC_READS=0', () => {
  it('need a principal, and are scoped like the socket', async () => {
    const q = `?election=${seed.data.election.id}`;
    expect((await fetch(`${app.url}/api/v1/scopes/nation${q}`)).status).toBe(401);
    const { session } = await committee();
    const get = (path: string) => withSession(app.url, session, 'GET', `/api/v1${path}${q}`);
    expect((await get(`/scopes/commune:${area.communeCode}`)).status).toBe(200);
    expect((await get(`/scopes/province:${area.provinceCode}`)).status).toBe(200);
    expect((await get(`/scopes/province:${otherProvince}`)).status).toBe(403);
    expect((await get(`/areas/${area.id}/turnout/history`)).status).toBe(200);
    const away = seed.data.areas.find((a) => a.provinceCode === otherProvince)!;
    expect((await get(`/areas/${away.id}/turnout/history`)).status).toBe(403);
    // A provincial committee reads the communes of its province (lineage from the reference data).
    const u = await makeAccount(
      redis,
      'provincial-committee',
      { level: 'province', province: area.provinceCode },
      seed.data.election.id,
    );
    const prov = (await signIn(app.url, u, PASSWORD)).session;
    expect((await withSession(app.url, prov, 'GET', `/api/v1/scopes/commune:${area.communeCode}${q}`)).status).toBe(
      200,
    );
    expect((await withSession(app.url, prov, 'GET', `/api/v1/areas/${away.id}/turnout/history${q}`)).status).toBe(403);
  });
});
