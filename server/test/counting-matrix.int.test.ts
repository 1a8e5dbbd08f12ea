import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Place, PollingArea, Role } from '@ecc/shared';
import { ROLES } from '@ecc/shared';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { freshKey, recordFor, submitRecord } from './counting-helpers.js';
import { electionDigest } from './digest.js';
import { atLocal, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

/**
 * Every role × every counting write × a polling area inside and outside its jurisdiction (another province).
 * Expectations are written out by hand, and every denial must leave the election's data untouched.
 */
let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let home: PollingArea;
let away: PollingArea;
const sessions = new Map<Role, Session>();

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  const today = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  home = today[0]!;
  away = today.find((a) => a.provinceCode !== home.provinceCode)!;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, PUBLIC_READS: '0' });
  const lineage = { province: home.provinceCode };
  const place: Record<Role, Place> = {
    admin: { level: 'nation' },
    'national-leader': { level: 'nation' },
    'national-council': { level: 'nation' },
    'provincial-committee': { level: 'province', ...lineage },
    'commune-committee': { level: 'commune', ...lineage, commune: home.communeCode },
    'election-board': { level: 'unit', ...lineage, unit: home.units.na },
    'polling-team': { level: 'area', ...lineage, commune: home.communeCode, area: home.id },
    'security-liaison': { level: 'commune', ...lineage, commune: home.communeCode },
    'wall-display': { level: 'nation' },
  };
  for (const role of ROLES) {
    const u = await makeAccount(redis, role, place[role], seed.data.election.id);
    sessions.set(role, (await signIn(app.url, u, PASSWORD)).session);
  }
  // Records to decide on, in both places (the national council's token writes anywhere).
  for (const a of [home, away])
    expect((await submitRecord(app.url, seed.nationToken, recordFor(seed, a, 'na'))).status).toBe(201);
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

type Where = 'inside' | 'outside';
const EXPECT: Record<string, Record<Where, Role[]>> = {
  'POST /counting/progress': {
    inside: ['national-council', 'commune-committee', 'polling-team'],
    outside: ['national-council'],
  },
  'POST /counting/records': {
    inside: ['national-council', 'commune-committee', 'polling-team'],
    outside: ['national-council'],
  },
  'POST /counting/records/{area}/na/decision': {
    inside: ['national-council', 'election-board'],
    outside: ['national-council'],
  },
};

function request(endpoint: string, a: PollingArea): { path: string; body: unknown } {
  if (endpoint === 'POST /counting/progress')
    return {
      path: '/api/v1/counting/progress',
      body: { pollingAreaId: a.id, contest: 'pc', state: 'counting', at: atLocal(a.votingDate, '19:30') },
    };
  if (endpoint === 'POST /counting/records')
    return { path: '/api/v1/counting/records', body: recordFor(seed, a, 'cc') };
  return {
    path: `/api/v1/counting/records/${a.id}/na/decision`,
    body: { action: 'confirm', version: 1, at: atLocal(a.votingDate, '22:00') },
  };
}

describe('counting authorization matrix', () => {
  for (const [endpoint, want] of Object.entries(EXPECT)) {
    for (const where of ['inside', 'outside'] as const) {
      it(`${endpoint} ${where}: only ${want[where].join(', ')}`, async () => {
        const a = where === 'inside' ? home : away;
        for (const role of ROLES) {
          const r = request(endpoint, a);
          const before = await electionDigest(redis, seed.data.election.id);
          const res = await withSession(app.url, sessions.get(role)!, 'POST', r.path, r.body, {
            headers: { 'idempotency-key': freshKey(role) },
          });
          if (want[where].includes(role)) {
            // Allowed: 201, or 409 when an earlier allowed role already moved the record on.
            expect([201, 409], `${role}: ${JSON.stringify(res.body)}`).toContain(res.status);
          } else {
            expect([403], `${role}`).toContain(res.status);
            expect(await electionDigest(redis, seed.data.election.id), `${role} wrote`).toBe(before);
          }
        }
      });
    }
  }

  it('reads of counting need a principal when PUBLIC_READS=0', async () => {
    const res = await fetch(`${app.url}/api/v1/counting/scopes/nation?election=${seed.data.election.id}`);
    expect(res.status).toBe(401);
    const ok = await withSession(
      app.url,
      sessions.get('national-leader')!,
      'GET',
      `/api/v1/counting/scopes/nation?election=${seed.data.election.id}`,
    );
    expect(ok.status).toBe(200);
  });
});
