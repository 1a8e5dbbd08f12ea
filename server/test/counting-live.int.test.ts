import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { LiveClient } from '@ecc/shared';
import type { Socket } from 'socket.io-client';
import { freshKey, recordFor, submitRecord } from './counting-helpers.js';
import { connectViewer, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let areas: PollingArea[];
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.stop();
  await redis.quit();
});

describe('counting on the live stream (decision 0002: numbered updates, resync on gaps)', () => {
  it('streams counting progress per contest for the nation, a province and a unit, and resyncs after a gap', async () => {
    const socket = connectViewer(app.url, seed.data.election.id);
    sockets.push(socket);
    const live = new LiveClient(socket);
    const a = areas[0]!;
    const nation = live.subscribeCounting('count:na:nation');
    const province = live.subscribeCounting(`count:na:province:${a.provinceCode}`);
    const unit = live.subscribeCounting(`count:na:unit:${a.units.na}`);
    await waitFor(() => nation.ready && province.ready && unit.ready, 5000, 'counting snapshots');
    expect(nation.figures.areas).toBe(seed.data.areas.length);
    expect(unit.figures.submitted).toBe(0);

    const rec = recordFor(seed, a, 'na');
    expect((await submitRecord(app.url, seed.teamTokens.get(a.id)!, rec)).status).toBe(201);
    await waitFor(() => nation.figures.submitted === 1 && unit.figures.submitted === 1, 5000, 'counting update');
    expect(nation.figures.valid).toBe(rec.valid);
    expect(province.children[a.communeCode]?.submitted).toBe(1);
    expect(unit.children[a.id]?.valid).toBe(rec.valid);

    // A display that dropped out misses two records and catches up from the log on reconnect.
    socket.disconnect();
    for (const b of areas.slice(1, 3)) {
      const r = await submitRecord(app.url, seed.teamTokens.get(b.id)!, recordFor(seed, b, 'na'), freshKey());
      expect(r.status).toBe(201);
    }
    socket.connect();
    await waitFor(() => nation.figures.submitted === 3, 5000, 'resync');
    expect(live.stats.deltas).toBeGreaterThan(0);
    expect(nation.seq).toBe(3);
  });
});
