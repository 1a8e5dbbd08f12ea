import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildPlan, type Plan } from '../src/sim/plan.js';
import { runSimulation, type RunSummary } from '../src/sim/runner.js';
import type { SimTokens } from '../src/sim/tokens.js';
import type { Redis } from '../src/store/redis.js';
import { redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let plan: Plan;
let tokens: SimTokens;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, LOG_LEVEL: 'silent' });
  plan = buildPlan(seed.data, 2026);
  tokens = { nation: seed.nationToken, provinces: seed.provinceTokens, areas: seed.teamTokens };
});
afterAll(async () => {
  await app?.stop();
  await redis?.quit();
});

const nation = async () =>
  (await (await fetch(`${app.url}/api/v1/scopes/nation?election=${seed.data.election.id}`)).json()) as {
    figures: { voted: number; reporting: number; full: number };
  };

/**
 * A network that fails: every 11th POST answers 503 without reaching the server, every 7th reaches it but its
 * answer is lost. The simulator must re-send with the same keys and still count each report exactly once.
 */
function flakyFetch(): { fetch: typeof fetch; faults: () => number } {
  let n = 0;
  let faults = 0;
  const f: typeof fetch = async (input, init) => {
    const post = init?.method === 'POST';
    if (post) n++;
    if (post && n % 11 === 0) {
      faults++;
      return new Response(JSON.stringify({ error: { code: 'STORE_UNAVAILABLE' } }), { status: 503 });
    }
    const res = await fetch(input, init);
    if (post && n % 7 === 0) {
      faults++;
      await res.arrayBuffer();
      throw new TypeError('fetch failed (simulated: answer lost)');
    }
    return res;
  };
  return { fetch: f, faults: () => faults };
}

describe('election-day simulator against a real server', () => {
  let first: RunSummary;

  it('replays the small day over a flaky network: each report lands once, wrong ones are refused, figures add up', async () => {
    const net = flakyFetch();
    first = await runSimulation({
      url: app.url,
      plan,
      tokens,
      speed: 'max',
      fetch: net.fetch,
      backoffMs: 5,
      log: () => {},
    });
    const p = first.planned;
    expect(net.faults()).toBeGreaterThan(5);
    expect(first.resent).toBe(net.faults());
    expect(first.rejectedUnexpected, first.unexpectedSamples.join('\n')).toBe(0);
    expect(first.accepted).toBe(p.report + p.correction);
    expect(first.accepted).toBeGreaterThan(0);
    expect(p.over + p.decrease + p.window).toBeGreaterThanOrEqual(3);
    expect(first.rejectedExpected).toBe(p.over + p.decrease + p.window);
    expect(p.retry).toBeGreaterThanOrEqual(2);
    expect(first.retriesReplayed).toBe(p.retry);
    expect(first.replayed).toBe(p.retry);
    expect(p.correction).toBeGreaterThanOrEqual(1);

    const final = plan.finalVoted();
    const expected = [...final.values()].reduce((s, v) => s + v, 0);
    const full = seed.data.areas.filter((a) => final.get(a.id) === a.registered.na).length;
    const n = await nation();
    expect(n.figures.voted).toBe(expected);
    expect(n.figures.reporting).toBe(final.size);
    expect(n.figures.full).toBe(full);
    expect(first.nation?.voted).toBe(expected);
  });

  it('is safe to restart: a second run from noon is answered as replays and changes nothing', async () => {
    const before = await nation();
    const again = await runSimulation({ url: app.url, plan, tokens, speed: 'max', from: '12:00', log: () => {} });
    const p = again.planned;
    expect(again.rejectedUnexpected, again.unexpectedSamples.join('\n')).toBe(0);
    expect(again.accepted).toBe(0);
    expect(again.replayed).toBe(p.report + p.correction + p.retry);
    expect(again.rejectedExpected).toBe(p.over + p.decrease + p.window);
    expect((await nation()).figures).toEqual(before.figures);
  });
});
