import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyChain } from '../src/ops/audit-verify.js';
import { auditKeys } from '../src/store/audit.store.js';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let admin: Session;
let adminName: string;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
  adminName = await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id);
  admin = (await signIn(app.url, adminName, PASSWORD)).session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('audit view', () => {
  it('records sign-in success and failure, account changes and exports, filters by who and what', async () => {
    const hostile = await makeAccount(redis, 'national-leader', { level: 'nation' }, seed.data.election.id, '=cmd');
    await signIn(app.url, hostile, 'wrong password');
    const created = await withSession(app.url, admin, 'POST', '/api/v1/accounts', {
      username: `cc-${Date.now()}`,
      role: 'commune-committee',
      jurisdiction: `commune:${seed.data.communes[0]!.code}`,
      name: '=HYPERLINK("http://evil")',
    });
    expect(created.status).toBe(201);
    expect(created.body.password).toMatch(/^[A-Za-z2-9]{14}$/);
    const mine = await withSession(app.url, admin, 'GET', `/api/v1/audit?who=${adminName}`);
    expect(mine.body.entries.map((e: { act: string }) => e.act)).toEqual(['auth:sign-in', 'accounts:create']);
    const failures = await withSession(app.url, admin, 'GET', `/api/v1/audit?who=${hostile}&act=auth:sign-in`);
    expect(failures.body.entries).toMatchObject([{ outcome: 'failed' }]);
  });

  it('exports CSV with formulas neutralised, and audits the export', async () => {
    const csv = await withSession(app.url, admin, 'GET', `/api/v1/audit?format=csv`);
    expect(csv.status).toBe(200);
    const text = String(csv.body.text);
    expect(text).toMatch(/,'=cmd-/);
    expect(text).not.toMatch(/,=cmd-/);
    const accounts = await withSession(app.url, admin, 'GET', '/api/v1/accounts?format=csv');
    expect(String(accounts.body.text)).toMatch(/"'=HYPERLINK\(""http:\/\/evil""\)"/);
    const exports = await withSession(
      app.url,
      admin,
      'GET',
      `/api/v1/audit?who=${adminName}&act=${encodeURIComponent('audit:export')}`,
    );
    expect(exports.body.entries).toHaveLength(1);
  });

  it('is closed to roles without audit rights, and the denial is itself audited', async () => {
    const team = await makeAccount(
      redis,
      'polling-team',
      { level: 'area', area: seed.data.areas[0]!.id, commune: seed.data.areas[0]!.communeCode },
      seed.data.election.id,
    );
    const s = (await signIn(app.url, team, PASSWORD)).session;
    expect((await withSession(app.url, s, 'GET', '/api/v1/audit')).status).toBe(403);
    const leader = await makeAccount(redis, 'national-leader', { level: 'nation' }, seed.data.election.id);
    const ls = (await signIn(app.url, leader, PASSWORD)).session;
    expect((await withSession(app.url, ls, 'GET', '/api/v1/audit')).status).toBe(200);
    expect((await withSession(app.url, ls, 'GET', '/api/v1/audit?format=csv')).status).toBe(403);
    const denied = await withSession(app.url, admin, 'GET', `/api/v1/audit?who=${team}`);
    expect(denied.body.entries.at(-1)).toMatchObject({ act: 'audit:read', outcome: 'denied' });
  });

  it('offers no way to change or delete an entry, and the global chain verifies', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await withSession(app.url, admin, method, '/api/v1/audit', {})).status).toBe(404);
    }
    const k = auditKeys();
    expect((await verifyChain(redis, k.stream, k.head)).problems).toEqual([]);
  });
});
