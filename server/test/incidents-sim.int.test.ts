import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IncidentSim, planIncidents } from '../src/sim/incidents.js';
import { IncidentsStore } from '../src/store/incidents.store.js';
import type { Redis } from '../src/store/redis.js';
import { redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('§6 simulated incidents through the real API', () => {
  it('files every planned report once, triages them, and a replay of the day changes nothing', async () => {
    // A busier day than the real rate, so duplicates and every kind of step occur in the small set.
    const plan = planIncidents(seed.data.areas, seed.data.election.date, 13, 0.4);
    expect(plan.some((p) => p.steps.some((s) => s.action.type === 'duplicate'))).toBe(true);
    const sim = new IncidentSim(app.url, plan, (p) => seed.provinceTokens.get(p));
    await sim.tick(Infinity);
    expect(sim.stats).toMatchObject({ reported: plan.length, failed: 0 });
    const store = new IncidentsStore(redis);
    const all = await store.list(seed.data.election.id, 'nation', 1000);
    expect(all).toHaveLength(plan.length);
    const triaged = plan.filter((p) => p.steps.length > 0).length;
    expect(all.filter((i) => i.state !== 'new').length).toBe(triaged);
    const counts = await store.counts(seed.data.election.id, 'nation');
    expect(Object.values(counts.counts).reduce((a, b) => a + b, 0)).toBe(plan.length);
    // Restarting the day: reports are replays (same keys), state changes already made are refused, nothing moves.
    const again = new IncidentSim(app.url, plan, (p) => seed.provinceTokens.get(p));
    await again.tick(Infinity);
    expect(await store.list(seed.data.election.id, 'nation', 1000)).toEqual(all);
  });
});
