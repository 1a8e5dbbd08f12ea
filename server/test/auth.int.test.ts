import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import { atLocal, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let offset = 0;
const now = () => Date.now() + offset;
let ipCounter = 0;
/** A fresh client address per test, so per-address lockouts of one test do not leak into another. */
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, TRUST_PROXY: '1' }, undefined, now);
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const e = () => seed.data.election.id;

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Strict session cookie and a CSRF token; /auth/me knows the account', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const s = await signIn(app.url, u, PASSWORD, freshIp());
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ username: u, role: 'national-leader', jurisdiction: 'nation' });
    const session = s.cookies.find((c) => c.startsWith('ecc_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/);
    const me = await withSession(app.url, s.session, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ subject: u, role: 'national-leader', via: 'session' });
  });

  it('sets Secure cookies behind https', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const res = await fetch(`${app.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': freshIp() },
      body: JSON.stringify({ username: u, password: PASSWORD }),
    });
    expect(res.headers.getSetCookie().every((c) => /; Secure/.test(c))).toBe(true);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const wrong = await signIn(app.url, u, 'not the password', freshIp());
    const unknown = await signIn(app.url, `nobody-${u}`, 'not the password', freshIp());
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('locks an account after 10 failures, with back-off, and says the same for an unknown name', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const ghost = `ghost-${u}`;
    for (let i = 0; i < 9; i++) {
      expect((await signIn(app.url, u, 'nope', freshIp())).status).toBe(401);
      expect((await signIn(app.url, ghost, 'nope', freshIp())).status).toBe(401);
    }
    const tenth = await signIn(app.url, u, 'nope', freshIp());
    const ghostTenth = await signIn(app.url, ghost, 'nope', freshIp());
    expect(tenth.status).toBe(429);
    expect(ghostTenth.status).toBe(429);
    expect(ghostTenth.body).toEqual(tenth.body);
    // Even the right password is refused while locked (1 minute at the 10th failure).
    const locked = await signIn(app.url, u, PASSWORD, freshIp());
    expect(locked.status).toBe(429);
    offset += 61_000;
    expect((await signIn(app.url, u, 'nope', freshIp())).status).toBe(429); // 11th failure: 2 minutes
    offset += 61_000;
    expect((await signIn(app.url, u, PASSWORD, freshIp())).status).toBe(429);
    offset += 61_000;
    expect((await signIn(app.url, u, PASSWORD, freshIp())).status).toBe(200);
  });

  it('locks an address after 10 failures across names', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) await signIn(app.url, `spray-${i}-${ip}`, 'nope', ip);
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    expect((await signIn(app.url, u, PASSWORD, ip)).status).toBe(429);
    expect((await signIn(app.url, u, PASSWORD, freshIp())).status).toBe(200);
  });
});

describe('sessions expire', () => {
  it('after 30 minutes idle', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const { session } = await signIn(app.url, u, PASSWORD, freshIp());
    offset += 29 * 60_000;
    expect((await withSession(app.url, session, 'GET', '/api/v1/auth/me')).status).toBe(200);
    offset += 29 * 60_000;
    expect((await withSession(app.url, session, 'GET', '/api/v1/auth/me')).status).toBe(200);
    offset += 31 * 60_000;
    const r = await withSession(app.url, session, 'GET', '/api/v1/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('after 12 hours however active', async () => {
    const u = await makeAccount(redis, 'national-leader', { level: 'nation' }, e());
    const { session } = await signIn(app.url, u, PASSWORD, freshIp());
    for (let i = 0; i < 24; i++) {
      offset += 29 * 60_000;
      expect((await withSession(app.url, session, 'GET', '/api/v1/auth/me')).status).toBe(200);
    }
    offset += 29 * 60_000;
    expect((await withSession(app.url, session, 'GET', '/api/v1/auth/me')).body.error.code).toBe('SESSION_EXPIRED');
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token or from another origin, accepts it with both', async () => {
    const area = seed.data.areas.find((a) => a.votingDate === seed.data.election.date)!;
    const u = await makeAccount(
      redis,
      'commune-committee',
      { level: 'commune', province: area.provinceCode, commune: area.communeCode },
      e(),
    );
    const { session } = await signIn(app.url, u, PASSWORD, freshIp());
    const body = { pollingAreaId: area.id, voted: 5, at: atLocal(seed.data.election.date, '07:00') };
    const key = { 'idempotency-key': 'k-csrf-000001' };
    const none = await withSession(app.url, session, 'POST', '/api/v1/turnout', body, { csrf: false, headers: key });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('CSRF_FAILED');
    const wrong = await withSession(app.url, { ...session, csrf: 'x'.repeat(32) }, 'POST', '/api/v1/turnout', body, {
      headers: key,
    });
    expect(wrong.body.error.code).toBe('CSRF_FAILED');
    const evil = await withSession(app.url, session, 'POST', '/api/v1/turnout', body, {
      origin: 'https://evil.example',
      headers: key,
    });
    expect(evil.body.error.code).toBe('CSRF_FAILED');
    const ok = await withSession(app.url, session, 'POST', '/api/v1/turnout', body, { origin: app.url, headers: key });
    expect(ok.status).toBe(201);
    // Sign-out is a cookie-authenticated write too.
    expect((await withSession(app.url, session, 'POST', '/api/v1/auth/sign-out', {}, { csrf: false })).status).toBe(
      403,
    );
    expect((await withSession(app.url, session, 'POST', '/api/v1/auth/sign-out', {})).status).toBe(204);
    expect((await withSession(app.url, session, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });
});
