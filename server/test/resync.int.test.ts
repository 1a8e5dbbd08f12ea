import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LiveClient } from '@ecc/shared';
import { ReportFeed } from './feed.js';
import { connectViewer, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import type { Redis } from '../src/store/redis.js';

let redis: Redis;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
});
afterAll(async () => {
  await redis.quit();
});

async function awayAndBack(app: RunningApp, seed: Seeded, missed: number, perRequest: number) {
  const province = `province:${seed.data.provinces[0]!.code}`;
  const socket = connectViewer(app.url, seed.data.election.id);
  const live = new LiveClient(socket);
  try {
    live.subscribe('nation');
    live.subscribe(province);
    await waitFor(() => live.scopes.get('nation')!.ready && live.scopes.get(province)!.ready, 5000, 'snapshot');
    const feed = new ReportFeed(seed, `away-${missed}`);
    await feed.send(app.url, 10);
    await waitFor(() => live.scopes.get('nation')!.seq >= 10, 5000, 'live updates');

    socket.disconnect();
    await waitFor(() => live.status === 'offline', 2000, 'offline');
    expect(await feed.send(app.url, missed, perRequest)).toBe(missed);
    const seqWhileAway = live.scopes.get('nation')!.seq;
    socket.connect();

    const get = async (scope: string) =>
      (await (await fetch(`${app.url}/api/v1/scopes/${scope}?election=${seed.data.election.id}`)).json()) as {
        seq: number;
        figures: unknown;
        children: unknown;
      };
    const target = await get('nation');
    expect(target.seq).toBe(seqWhileAway + missed);
    await waitFor(() => live.scopes.get('nation')!.seq === target.seq, 10_000, 'resync');
    for (const scope of ['nation', province]) {
      const server = await get(scope);
      expect(live.scopes.get(scope)!.seq).toBe(server.seq);
      expect(live.scopes.get(scope)!.figures).toEqual(server.figures);
      expect(live.scopes.get(scope)!.children).toEqual(server.children);
    }
    return live.stats;
  } finally {
    socket.close();
  }
}

describe('a viewer away while updates happen', () => {
  it('gets what it missed from the event log (1,200 updates) and ends equal to the snapshot', async () => {
    const seed = await seedElection(redis);
    const app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, LOG_MAXLEN: '5000' });
    try {
      const stats = await awayAndBack(app, seed, 1200, 20);
      expect(stats.deltas).toBeGreaterThanOrEqual(1);
    } finally {
      await app.stop();
    }
  });

  it('gets a fresh snapshot when the log no longer reaches back that far', async () => {
    const seed = await seedElection(redis);
    const app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, LOG_MAXLEN: '100' });
    try {
      // One report per request: one log entry each, so 1,000 entries overflow a log kept at ~100.
      const stats = await awayAndBack(app, seed, 1000, 1);
      expect(stats.snapshots).toBeGreaterThanOrEqual(3);
    } finally {
      await app.stop();
    }
  });
});
