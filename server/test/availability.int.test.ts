import { describe, expect, it } from 'vitest';
import { atLocal, post, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import { startRedis } from './redis-server.js';

/** A private redis-server (the test stops it), a seeded election, a server on it, and one valid report. */
async function privateStack() {
  const server = await startRedis();
  const redis = await redisClient(server.url);
  const seed = await seedElection(redis);
  await redis.quit();
  const app = await startApp(server.url, { ELECTION_ID: seed.data.election.id });
  const a = seed.data.areas[0]!;
  return { server, seed, app, a, body: { pollingAreaId: a.id, voted: 5, at: atLocal(a.votingDate, '09:00') } };
}

describe('when Redis is unreachable', () => {
  it('answers 503 with Retry-After within 2 s, never hangs, and recovers by itself', async () => {
    const { server, seed, app, a, body } = await privateStack();
    try {
      await server.kill('SIGKILL');
      for (const send of [
        () => post(app.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'down-0001'),
        () => fetch(`${app.url}/api/v1/scopes/nation?election=${seed.data.election.id}`),
      ]) {
        const t0 = Date.now();
        const r = await send();
        expect(Date.now() - t0).toBeLessThan(2000);
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('2');
      }
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);

      await server.restart();
      await waitFor(async () => (await fetch(`${app.url}/readyz`)).status === 200, 10_000, 'ready again');
      const r = await post(app.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'down-0001');
      expect(r.status).toBe(201);
    } finally {
      await app.stop();
      await server.stop();
    }
  });
});

describe('when Redis hangs (stopped, not disconnected)', () => {
  it('answers 503 within 2 s and recovers when it resumes', async () => {
    const { server, seed, app, a, body } = await privateStack();
    try {
      server.proc.kill('SIGSTOP');
      const t0 = Date.now();
      const r = await post(app.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'hang-0001');
      expect(r.status).toBe(503);
      expect(Date.now() - t0).toBeLessThan(2500);
      server.proc.kill('SIGCONT');
      await waitFor(async () => (await fetch(`${app.url}/readyz`)).status === 200, 10_000, 'ready again');
      // The hung request may or may not have reached Redis: the retry with its key is answered once either way.
      const again = await post(app.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'hang-0001');
      expect(again.status).toBe(201);
      const nation = (await (await fetch(`${app.url}/api/v1/scopes/nation`)).json()) as { figures: { voted: number } };
      expect(nation.figures.voted).toBe(5);
    } finally {
      server.proc.kill('SIGCONT');
      await app.stop();
      await server.stop();
    }
  });
});

describe('durability check at start (AOF with appendfsync always)', () => {
  it('refuses reports when Redis does not fsync every write, unless told the run is throwaway', async () => {
    const server = await startRedis({ appendfsync: 'everysec' });
    const redis = await redisClient(server.url);
    const seed = await seedElection(redis);
    const a = seed.data.areas[0]!;
    const body = { pollingAreaId: a.id, voted: 5, at: atLocal(a.votingDate, '09:00') };
    const strict = await startApp(server.url, { ELECTION_ID: seed.data.election.id });
    const throwaway = await startApp(server.url, { ELECTION_ID: seed.data.election.id, ALLOW_VOLATILE: '1' });
    try {
      const refused = await post(strict.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'vol-00001');
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('PERSISTENCE_OFF');
      expect((await fetch(`${strict.url}/readyz`)).status).toBe(503);
      const accepted = await post(throwaway.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, 'vol-00001');
      expect(accepted.status).toBe(201);
    } finally {
      await strict.stop();
      await throwaway.stop();
      await redis.quit();
      await server.stop();
    }
  });
});
