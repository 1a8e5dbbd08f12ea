import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { dataDigest } from './digest.js';
import { startRedis } from './redis-server.js';
import type { RedisProcess } from './redis-server.js';
import type { Redis } from '../src/store/redis.js';

// A private redis-server: the digest covers every key, so no other test may write meanwhile.
let server: RedisProcess;
let redis: Redis;
let app: RunningApp;
let seed: Seeded;

beforeAll(async () => {
  server = await startRedis();
  redis = await redisClient(server.url);
  seed = await seedElection(redis);
  app = await startApp(server.url, { ELECTION_ID: seed.data.election.id });
  const a = seed.data.areas[0]!;
  const at = atLocal(a.votingDate, '09:00');
  const ok = await post(
    app.url,
    '/api/v1/turnout',
    seed.teamTokens.get(a.id)!,
    { pollingAreaId: a.id, voted: 50, at },
    'accepted-0001',
  );
  expect(ok.status).toBe(201);
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
  await server.stop();
});

type Bad = [string, () => Promise<{ status: number }>, number];

describe('every rejection leaves Redis untouched', () => {
  const a = () => seed.data.areas[0]!;
  const b = () => seed.data.areas.find((x) => x.id !== a().id)!;
  const tok = () => seed.teamTokens.get(a().id)!;
  const at = (t: string) => atLocal(a().votingDate, t);
  const raw = (headers: Record<string, string>, body: string, path = '/api/v1/turnout') =>
    fetch(app.url + path, { method: 'POST', headers, body });
  const auth = () => ({ authorization: `Bearer ${tok()}`, 'idempotency-key': 'bad-raw-0001' });

  const cases: Bad[] = [
    ['malformed JSON', () => raw({ ...auth(), 'content-type': 'application/json' }, '{"voted":'), 400],
    ['not JSON', () => raw({ ...auth(), 'content-type': 'text/plain' }, 'voted=1'), 415],
    [
      'over 64 KB',
      () =>
        post(
          app.url,
          '/api/v1/turnout',
          tok(),
          { pollingAreaId: a().id, voted: 60, at: at('10:00'), x: 'y'.repeat(70_000) },
          'bad-big-001',
        ),
      413,
    ],
    [
      'missing idempotency key',
      () => post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 60, at: at('10:00') }),
      400,
    ],
    [
      'unknown field',
      () =>
        post(
          app.url,
          '/api/v1/turnout',
          tok(),
          { pollingAreaId: a().id, voted: 60, at: at('10:00'), extra: 1 },
          'bad-fld-001',
        ),
      400,
    ],
    [
      'string count',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: '60', at: at('10:00') }, 'bad-str-001'),
      400,
    ],
    [
      'no token',
      () =>
        raw(
          { 'content-type': 'application/json', 'idempotency-key': 'bad-tok-001' },
          JSON.stringify({ pollingAreaId: a().id, voted: 60, at: at('10:00') }),
        ),
      401,
    ],
    [
      'another team',
      () =>
        post(
          app.url,
          '/api/v1/turnout',
          seed.teamTokens.get(b().id)!,
          { pollingAreaId: a().id, voted: 60, at: at('10:00') },
          'bad-oth-001',
        ),
      403,
    ],
    [
      'unknown area',
      () =>
        post(
          app.url,
          '/api/v1/turnout',
          seed.nationToken,
          { pollingAreaId: '99999-0001', voted: 60, at: at('10:00') },
          'bad-unk-001',
        ),
      404,
    ],
    [
      'decreasing',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 40, at: at('10:00') }, 'bad-dec-001'),
      409,
    ],
    [
      'older',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 60, at: at('08:00') }, 'bad-old-001'),
      409,
    ],
    [
      'above registered',
      () =>
        post(
          app.url,
          '/api/v1/turnout',
          tok(),
          { pollingAreaId: a().id, voted: a().registered.na + 1, at: at('10:00') },
          'bad-reg-001',
        ),
      422,
    ],
    [
      'outside window',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 60, at: at('21:30') }, 'bad-win-001'),
      422,
    ],
    [
      'key reused with another body',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 51, at: at('09:00') }, 'accepted-0001'),
      422,
    ],
    [
      'a retry of the accepted report',
      () =>
        post(app.url, '/api/v1/turnout', tok(), { pollingAreaId: a().id, voted: 50, at: at('09:00') }, 'accepted-0001'),
      201,
    ],
    [
      'correction without reason',
      () =>
        post(
          app.url,
          '/api/v1/turnout/corrections',
          tok(),
          { pollingAreaId: a().id, voted: 10, at: at('10:00') },
          'bad-cor-001',
        ),
      400,
    ],
    [
      'batch of bad items',
      () =>
        post(app.url, '/api/v1/turnout/batch', seed.nationToken, {
          reports: [
            { idempotencyKey: 'bad-bat-001', pollingAreaId: a().id, voted: 1, at: at('10:00') },
            { idempotencyKey: 'x', pollingAreaId: a().id, voted: 99, at: at('10:00') },
          ],
        }),
      200,
    ],
    ['empty batch', () => post(app.url, '/api/v1/turnout/batch', seed.nationToken, { reports: [] }), 400],
  ];

  it.each(cases)('%s', async (_name, send, status) => {
    // Denials append to the audit chain (by design); every other key must be untouched.
    const before = await dataDigest(redis);
    const r = await send();
    expect(r.status).toBe(status);
    expect(await dataDigest(redis)).toBe(before);
  });
});
