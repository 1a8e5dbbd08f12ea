import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import type { Contest, CountFigures, PollingArea } from '@ecc/shared';
import { CONTESTS, COUNT_FIELDS } from '@ecc/shared';
import { freshKey, recordFor } from './counting-helpers.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { CountingStore } from '../src/store/counting.store.js';
import type { Redis } from '../src/store/redis.js';

let redis: Redis;
let app: RunningApp;
let store: CountingStore;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  app = await startApp(inject('redisUrl'));
  store = new CountingStore(redis);
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const op = fc.record({
  area: fc.nat(39),
  contest: fc.constantFrom<Contest>(...CONTESTS),
  kind: fc.constantFrom(
    'submit',
    'submit',
    'submit',
    'submit',
    'correct',
    'confirm',
    'confirm',
    'return',
    'progress',
    'retry',
    'retry-other',
  ),
  turnout: fc.double({ min: 0.3, max: 1, noNaN: true }),
  invalid: fc.double({ min: 0, max: 0.2, noNaN: true }),
  rng: fc.nat(1_000_000),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/**
 * The reference: each record's state and counted numbers folded from its own history list (not from the state
 * the script keeps), summed per unit, commune, province and nation; candidate votes per unit.
 */
async function fold(seed: Seeded) {
  const E = seed.data.election.id;
  const totals = new Map<string, Partial<CountFigures>>();
  const votes = new Map<string, number>();
  const add = (k: string, f: string, v: number) => {
    const t = totals.get(k) ?? {};
    (t as Record<string, number>)[f] = ((t as Record<string, number>)[f] ?? 0) + v;
    totals.set(k, t);
  };
  for (const a of seed.data.areas) {
    for (const c of CONTESTS) {
      let state = 'not-started';
      let nums: number[] = [];
      let cand: Record<string, number> = {};
      let flags: string[] = [];
      for (const e of await store.history(E, a.id, c)) {
        if (e.act === 'counting:submit' || e.act === 'counting:correct') {
          const r = e.record as {
            voters: number;
            voted: number;
            issued: number;
            received: number;
            valid: number;
            invalid: number;
            votes: { candidateId: string; votes: number }[];
          };
          nums = [r.voters, r.voted, r.issued, r.received, r.valid, r.invalid];
          cand = Object.fromEntries(r.votes.map((v) => [v.candidateId, v.votes]));
          flags = e.flags;
          state = 'submitted';
        } else if (e.act === 'counting:confirm') state = 'confirmed';
        else if (e.act === 'counting:return') state = 'returned';
        else if (e.act === 'counting:progress') state = 'counting';
      }
      const stored = await store.record(E, a.id, c);
      expect(stored?.state ?? 'not-started', `${a.id}/${c}`).toBe(state);
      const counted = state === 'submitted' || state === 'confirmed';
      for (const scope of [`unit:${a.units[c]}`, `commune:${a.communeCode}`, `province:${a.provinceCode}`, 'nation']) {
        const k = `${c}|${scope}`;
        add(k, 'areas', 1);
        if (state !== 'not-started') add(k, state, 1);
        if (counted && flags.length) add(k, 'flagged', 1);
        COUNT_FIELDS.slice(6, 12).forEach((f, i) => {
          if (counted) add(k, f, nums[i]!);
          if (state === 'confirmed') add(k, `c${f}`, nums[i]!);
        });
      }
      for (const [id, v] of Object.entries(cand)) {
        if (counted) votes.set(`${c}|${a.units[c]}|p|${id}`, (votes.get(`${c}|${a.units[c]}|p|${id}`) ?? 0) + v);
        if (state === 'confirmed')
          votes.set(`${c}|${a.units[c]}|c|${id}`, (votes.get(`${c}|${a.units[c]}|c|${id}`) ?? 0) + v);
      }
    }
  }
  return { totals, votes };
}

describe('counting aggregates under random records, retries and corrections (§2.7: unit totals = Σ of its areas)', () => {
  it('every unit, commune, province and nation equals an independent fold of the records’ histories', async () => {
    let records = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 10, maxLength: 14 }), { minLength: 100, maxLength: 120 }),
        async (rounds) => {
          const seed = await seedElection(redis);
          const E = seed.data.election.id;
          const areas: PollingArea[] = seed.data.areas;
          const version = new Map<string, number>();
          const sent: { path: string; token: string; body: Record<string, unknown>; key: string }[] = [];
          for (const round of rounds) {
            // A round's requests race each other.
            const reqs = round.map((o: Op) => {
              const a = areas[o.area % areas.length]!;
              const id = `${a.id}/${o.contest}`;
              const v = version.get(id) ?? 0;
              const team = seed.teamTokens.get(a.id)!;
              const at = atLocal(a.votingDate, '20:00');
              let path = '/api/v1/counting/records';
              let token = team;
              let body: Record<string, unknown>;
              if ((o.kind === 'retry' || o.kind === 'retry-other') && sent.length) {
                const prev = sent[o.rng % sent.length]!;
                const b = o.kind === 'retry' ? prev.body : { ...prev.body, at: atLocal(a.votingDate, '23:00') };
                return post(app.url, prev.path, prev.token, b, prev.key).then((r) => ({ r, id: '' }));
              }
              if (o.kind === 'progress') {
                path = '/api/v1/counting/progress';
                body = { pollingAreaId: a.id, contest: o.contest, state: 'counting', at };
              } else if (o.kind === 'confirm' || o.kind === 'return') {
                path = `/api/v1/counting/records/${a.id}/${o.contest}/decision`;
                token = seed.nationToken;
                body = {
                  action: o.kind,
                  version: v || 1,
                  at,
                  ...(o.kind === 'return' ? { reason: 'Số liệu chưa khớp' } : {}),
                };
              } else {
                body = {
                  ...recordFor(seed, a, o.contest, '20:00', { turnout: o.turnout, invalidShare: o.invalid }, o.rng),
                };
                if (o.kind === 'correct' || v > 0)
                  Object.assign(body, { reason: 'Đính chính số liệu', baseVersion: v || 1 });
                records++;
              }
              const key = freshKey('p');
              sent.push({ path, token, body, key });
              return post(app.url, path, token, body, key).then((r) => ({ r, id }));
            });
            for (const { r, id } of await Promise.all(reqs)) {
              expect([201, 409, 422], JSON.stringify(r.body)).toContain(r.status);
              if (r.status === 201 && id) version.set(id, Math.max(version.get(id) ?? 0, r.body.version as number));
            }
          }
          const { totals, votes } = await fold(seed);
          for (const [k, want] of totals) {
            const [contest, scope] = k.split('|') as [string, string];
            const got = await store.totals(E, contest, scope);
            const pick = (f: Partial<CountFigures> | null) =>
              Object.fromEntries(
                COUNT_FIELDS.slice(0, 18).map((x) => [x, (f as Record<string, number> | null)?.[x] ?? 0]),
              );
            expect(pick(got), k).toEqual(pick(want));
          }
          for (const u of seed.data.units) {
            const got = await store.unitVotes(E, u.contest, u.id);
            for (const c of seed.data.candidates.filter((x) => x.unitId === u.id)) {
              expect(got.provisional[c.id] ?? 0).toBe(votes.get(`${u.contest}|${u.id}|p|${c.id}`) ?? 0);
              expect(got.confirmed[c.id] ?? 0).toBe(votes.get(`${u.contest}|${u.id}|c|${c.id}`) ?? 0);
            }
          }
        },
      ),
      { numRuns: 6 },
    );
    expect(records).toBeGreaterThan(2000);
    // ~15 s alone; the whole suite on a shared 2-core machine can double it.
  }, 180_000);
});
