import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, Place, PollingArea, Role, SubscribeResult } from '@ecc/shared';
import { EV, ROLES } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { electionDigest } from './digest.js';
import { atLocal, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

/**
 * Every role × every write endpoint and socket event × a target inside and outside its jurisdiction. The
 * expectations are written out by hand (not derived from authorize()), and every denial must leave the
 * election's data untouched.
 */
let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let home: PollingArea;
let away: PollingArea;
const sessions = new Map<Role, Session>();
let minute = 0;

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
    'election-board': { level: 'unit', ...lineage, unit: home.units.pc },
    'polling-team': { level: 'area', ...lineage, commune: home.communeCode, area: home.id },
    'security-liaison': { level: 'commune', ...lineage, commune: home.communeCode },
    'wall-display': { level: 'nation' },
  };
  for (const role of ROLES) {
    const u = await makeAccount(redis, role, place[role], seed.data.election.id);
    sessions.set(role, (await signIn(app.url, u, PASSWORD)).session);
  }
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

type Where = 'inside' | 'outside';
const REPORTERS: Role[] = ['national-council', 'provincial-committee', 'commune-committee', 'polling-team'];
/** Who may, per endpoint and place. Outside = an area in another province. */
const EXPECT: Record<string, Record<Where, Role[]>> = {
  'POST /turnout': { inside: REPORTERS, outside: ['national-council'] },
  'POST /turnout/corrections': { inside: [...REPORTERS, 'election-board'], outside: ['national-council'] },
  'POST /turnout/batch': { inside: REPORTERS, outside: ['national-council'] },
  'POST /accounts': { inside: ['admin'], outside: ['admin'] },
  'POST /walls': { inside: ['admin'], outside: ['admin'] },
  'PATCH /accounts/{username}': { inside: ['admin'], outside: ['admin'] },
  'POST /accounts/provision': { inside: ['admin'], outside: ['admin'] },
  'socket scope:subscribe': {
    inside: [
      'admin',
      'national-leader',
      'national-council',
      'provincial-committee',
      'commune-committee',
      'election-board',
      'polling-team',
      'security-liaison',
      'wall-display',
    ],
    outside: ['admin', 'national-leader', 'national-council', 'wall-display'],
  },
};

async function attempt(endpoint: string, role: Role, where: Where): Promise<number> {
  const s = sessions.get(role)!;
  const a = where === 'inside' ? home : away;
  const n = ++minute;
  const at = atLocal(
    seed.data.election.date,
    `${String(6 + Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`,
  );
  const key = { 'idempotency-key': `k-matrix-${n}-${role}` };
  const report = { pollingAreaId: a.id, voted: n, at };
  switch (endpoint) {
    case 'POST /turnout':
      return (await withSession(app.url, s, 'POST', '/api/v1/turnout', report, { headers: key })).status;
    case 'POST /turnout/corrections':
      return (
        await withSession(
          app.url,
          s,
          'POST',
          '/api/v1/turnout/corrections',
          { ...report, reason: 'sai sót' },
          { headers: key },
        )
      ).status;
    case 'POST /turnout/batch': {
      const r = await withSession(app.url, s, 'POST', '/api/v1/turnout/batch', {
        reports: [{ ...report, idempotencyKey: key['idempotency-key'] }],
      });
      return r.status === 200 ? r.body.results[0].status : r.status;
    }
    case 'POST /accounts': {
      const jurisdiction = `commune:${a.communeCode}`;
      const r = await withSession(app.url, s, 'POST', '/api/v1/accounts', {
        username: `m-${n}-${where}`,
        role: 'commune-committee',
        jurisdiction,
      });
      if (r.status !== 201) expect(await redis.exists(`ecc:account:m-${n}-${where}`)).toBe(0);
      return r.status;
    }
    case 'PATCH /accounts/{username}': {
      // An account in the target's commune; a denied attempt must leave it as it was.
      const place = { level: 'commune', province: a.provinceCode, commune: a.communeCode } as const;
      const u = await makeAccount(redis, 'commune-committee', place, seed.data.election.id, `p-${n}`);
      const before = await redis.hGetAll(`ecc:account:${u}`);
      const r = await withSession(app.url, s, 'PATCH', `/api/v1/accounts/${u}`, { status: 'revoked' });
      if (r.status !== 200) expect(await redis.hGetAll(`ecc:account:${u}`)).toEqual(before);
      return r.status;
    }
    case 'POST /accounts/provision': {
      const before = await redis.exists(`ecc:account:ubbc-${a.communeCode}`);
      const r = await withSession(app.url, s, 'POST', '/api/v1/accounts/provision', { commune: a.communeCode });
      if (r.status !== 201) expect(await redis.exists(`ecc:account:ubbc-${a.communeCode}`)).toBe(before);
      return r.status;
    }
    case 'POST /walls':
      return (
        await withSession(app.url, s, 'POST', '/api/v1/walls', {
          name: `wall ${n}`,
          scope: `province:${a.provinceCode}`,
        })
      ).status;
    default: {
      const socket = connect(app.url, {
        transports: ['websocket'],
        auth: { election: seed.data.election.id },
        extraHeaders: { cookie: s.cookie },
        forceNew: true,
        reconnection: false,
      });
      try {
        const r = await new Promise<Ack<SubscribeResult>>((resolve) =>
          socket.emit(EV.subscribe, { scope: `area:${a.id}` }, resolve),
        );
        return r.ok ? 200 : r.error.code === 'FORBIDDEN' ? 403 : 500;
      } finally {
        socket.close();
      }
    }
  }
}

const okStatus = (endpoint: string) => (endpoint.startsWith('socket') || endpoint.startsWith('PATCH') ? 200 : 201);

describe('role × endpoint × jurisdiction', () => {
  for (const [endpoint, want] of Object.entries(EXPECT)) {
    for (const where of ['inside', 'outside'] as const) {
      for (const role of ROLES) {
        const allowed = want[where].includes(role);
        it(`${endpoint} ${where} as ${role} → ${allowed ? 'allowed' : 403}`, async () => {
          const before = allowed ? '' : await electionDigest(redis, seed.data.election.id);
          const status = await attempt(endpoint, role, where);
          expect(status).toBe(allowed ? okStatus(endpoint) : 403);
          if (!allowed) expect(await electionDigest(redis, seed.data.election.id)).toBe(before);
        });
      }
    }
  }
});
