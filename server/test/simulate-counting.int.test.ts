import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildCountingPlan } from '../src/sim/counting-plan.js';
import type { CountingPlan } from '../src/sim/counting-plan.js';
import { runCounting } from '../src/sim/counting-runner.js';
import { verifyCountingByReplay } from '../src/ops/counting-verify.js';
import { electionKeys } from '../src/store/keys.js';
import { buildPlan } from '../src/sim/plan.js';
import { runSimulation } from '../src/sim/runner.js';
import type { SimTokens } from '../src/sim/tokens.js';
import type { Redis } from '../src/store/redis.js';
import { countingGet } from './counting-helpers.js';
import { redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let counting: CountingPlan;
let tokens: SimTokens;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, LOG_LEVEL: 'silent' });
  tokens = { nation: seed.nationToken, provinces: seed.provinceTokens, areas: seed.teamTokens };
  const plan = buildPlan(seed.data, 2026);
  const day = await runSimulation({ url: app.url, plan, tokens, speed: 'max', log: () => {} });
  expect(day.rejectedUnexpected).toBe(0);
  counting = buildCountingPlan(seed.data, plan.finalVoted(), 2026);
});
afterAll(async () => {
  await app?.stop();
  await redis?.quit();
});

/** A network that loses every 9th answer after the server acted: the runner must re-send with the same key. */
function lossyFetch(): typeof fetch {
  let n = 0;
  return async (input, init) => {
    const res = await fetch(input, init);
    if (++n % 9 === 0) {
      await res.arrayBuffer();
      throw new TypeError('fetch failed (simulated: answer lost)');
    }
    return res;
  };
}

describe('the simulated counting night (§2.5–2.9) through the real API', () => {
  it('every record lands once and is confirmed; wrong ones are refused; totals match the turnout of the day', async () => {
    const k = await runCounting({
      url: app.url,
      plan: counting,
      tokens,
      speed: 'max',
      fetch: lossyFetch(),
      backoffMs: 5,
    });
    const p = k.planned;
    expect(k.rejectedUnexpected, k.unexpectedSamples.join('\n')).toBe(0);
    expect(p.wrong).toBeGreaterThanOrEqual(2);
    expect(p.early).toBe(1);
    expect(p.return).toBeGreaterThanOrEqual(1);
    expect(p.retry).toBeGreaterThanOrEqual(2);
    expect(k.rejectedExpected).toBe(p.wrong + p.early);
    expect(k.accepted).toBe(p.progress + p.record + p.confirm + p.return + p.correct);
    expect(k.replayed).toBe(p.retry);
    expect(k.resent).toBeGreaterThan(0);

    const areas = seed.data.areas.length;
    for (const c of ['na', 'pc', 'cc']) {
      const n = await countingGet(app.url, seed.data.election.id, `/counting/scopes/nation?contest=${c}`);
      expect(n.figures).toMatchObject({ areas, confirmed: areas, submitted: 0, returned: 0, counting: 0 });
      expect(n.figures.cvalid).toBe(n.figures.valid);
    }
    // NA records say what the turnout reports said: voters who voted equal the day's final turnout.
    const na = await countingGet(app.url, seed.data.election.id, '/counting/scopes/nation?contest=na');
    const turnout = (await (
      await fetch(`${app.url}/api/v1/scopes/nation?election=${seed.data.election.id}`)
    ).json()) as {
      figures: { voted: number };
    };
    expect(na.figures.voted).toBe(turnout.figures.voted);
  });

  it('is safe to run again: everything is answered as a replay or refused as before, nothing moves', async () => {
    const before = await countingGet(app.url, seed.data.election.id, '/counting/scopes/nation?contest=cc');
    const again = await runCounting({ url: app.url, plan: counting, tokens, speed: 'max' });
    expect(again.rejectedUnexpected, again.unexpectedSamples.join('\n')).toBe(0);
    expect(again.accepted).toBe(0);
    const after = await countingGet(app.url, seed.data.election.id, '/counting/scopes/nation?contest=cc');
    expect(after.figures).toEqual(before.figures);
  });

  it('`npm run verify` replays every record’s history into the same totals, and notices a tampered total', async () => {
    const E = seed.data.election.id;
    const ok = await verifyCountingByReplay(redis, E);
    expect(ok.mismatches).toEqual([]);
    expect(ok.events).toBeGreaterThan(seed.data.areas.length * 3 * 3);
    const unit = seed.data.areas[0]!.units.pc;
    const key = electionKeys(E).countTotals('pc', `unit:${unit}`);
    await redis.hIncrBy(key, 'cvalid', 1);
    const bad = await verifyCountingByReplay(redis, E);
    await redis.hIncrBy(key, 'cvalid', -1);
    expect(bad.mismatches).toEqual([
      `pc:unit:${unit}.cvalid: stored ${Number(await redis.hGet(key, 'cvalid')) + 1}, replayed ${await redis.hGet(key, 'cvalid')}`,
    ]);
  });
});
