import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { recomputedTotals, storedTotals } from './recompute.js';
import type { Redis } from '../src/store/redis.js';

// Load shedding (issue 7: at 2× the expected peak excess load is refused with 503 + Retry-After, never queued
// without bound). The bounds are tiny here so the refusal is certain; the bench measures the real ones.
let redis: Redis;
let seed: Seeded;
let app: RunningApp;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), {
    ELECTION_ID: seed.data.election.id,
    MAX_PENDING_REPORTS: '1',
    MAX_SOCKETS: '2',
  });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('overload', () => {
  it('refuses reports past the pending bound with 503 OVERLOADED and Retry-After; a resend counts once', async () => {
    const areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
    expect(areas.length).toBeGreaterThan(10);
    const send = (a: (typeof areas)[number]) =>
      post(
        app.url,
        '/api/v1/turnout',
        seed.teamTokens.get(a.id)!,
        { pollingAreaId: a.id, voted: 7, at: atLocal(seed.data.election.date, '08:00') },
        `k-over-${a.id}`,
      );
    const first = await Promise.all(areas.map(send));
    const refused = first.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(first.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    for (const r of refused) {
      expect(r.body.error.code).toBe('OVERLOADED');
      expect(r.headers.get('retry-after')).toBe('2');
    }
    // What was refused was not written: the figures equal a recomputation, and a resend is accepted once.
    expect(await storedTotals(redis, seed.data)).toEqual(await recomputedTotals(redis, seed.data));
    const again = [];
    for (const a of areas) again.push(await send(a));
    expect(again.every((r) => r.status === 201)).toBe(true);
    expect(again.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      areas.length - refused.length,
    );
    expect(await storedTotals(redis, seed.data)).toEqual(await recomputedTotals(redis, seed.data));
    const reporting = await redis.hGet(`ecc:{${seed.data.election.id}}:agg:nation`, 'rep');
    expect(Number(reporting)).toBe(areas.length);
  });

  it('refuses a whole batch larger than the bound with one 503', async () => {
    const [a, b] = seed.data.areas.filter((x) => x.votingDate === seed.data.election.date).slice(0, 2);
    const at = atLocal(seed.data.election.date, '08:30');
    const r = await post(app.url, '/api/v1/turnout/batch', seed.nationToken, {
      reports: [a!, b!].map((x, i) => ({ pollingAreaId: x.id, voted: 9, at, idempotencyKey: `k-over-b-${i}-01` })),
    });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('OVERLOADED');
    expect(r.headers.get('retry-after')).toBe('2');
  });

  it('refuses viewers past the socket cap', async () => {
    const open = (): Promise<{ ok: boolean; message?: string; close: () => void }> =>
      new Promise((resolve) => {
        const s = connect(app.url, { transports: ['websocket'], forceNew: true, reconnection: false });
        s.once('connect', () => resolve({ ok: true, close: () => s.close() }));
        s.once('connect_error', (e) => resolve({ ok: false, message: e.message, close: () => s.close() }));
      });
    const a = await open();
    const b = await open();
    const c = await open();
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    expect(c.message).toBe('OVERLOADED');
    for (const s of [a, b, c]) s.close();
  });
});
