import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import type { AreaTurnout } from '@ecc/shared';
import { applyTurnout, checkTurnout, votingWindow } from '@ecc/shared';
import { post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp } from './helpers.js';
import { recomputedTotals, replayedFromHistory, storedTotals } from './recompute.js';
import { electionKeys } from '../src/store/keys.js';
import { verifyChain } from '../src/ops/audit-verify.js';
import { bindingOf } from '../src/ops/audit-binding.js';
import type { Redis } from '../src/store/redis.js';

let redis: Redis;
let app: RunningApp;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  app = await startApp(inject('redisUrl'));
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const op = fc.record({
  area: fc.nat(7),
  kind: fc.constantFrom('report', 'report', 'report', 'correction', 'retry', 'retry-other-body'),
  voted: fc.nat(400),
  minute: fc.integer({ min: -130, max: 1000 }), // minutes after 07:00; some fall outside 05:00–21:00
});

describe('aggregates under random interleavings (§2.7: unit totals = Σ of its polling areas)', () => {
  it('every scope equals a recomputation from the stored areas, and each area equals its replayed history', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        async (rounds) => {
          const seed = await seedElection(redis);
          const { election } = seed.data;
          const areas = seed.data.areas.filter((a) => a.votingDate === election.date).slice(0, 8);
          const sent: { key: string; body: Record<string, unknown>; path: string; token: string }[] = [];
          let n = 0;
          for (const round of rounds) {
            // Each round's requests race each other: the store must stay consistent whatever order wins.
            const reqs = round.map((o) => {
              const a = areas[o.area % areas.length]!;
              const token = seed.teamTokens.get(a.id)!;
              const at = new Date(Date.parse(`${election.date}T07:00:00+07:00`) + o.minute * 60_000).toISOString();
              if ((o.kind === 'retry' || o.kind === 'retry-other-body') && sent.length) {
                const prev = sent[o.voted % sent.length]!;
                const body = o.kind === 'retry' ? prev.body : { ...prev.body, voted: (prev.body.voted as number) + 1 };
                return post(app.url, prev.path, prev.token, body, prev.key);
              }
              const key = `prop-${++n}-${o.area}`;
              const body: Record<string, unknown> = {
                pollingAreaId: a.id,
                voted: Math.min(o.voted, a.registered.na + 1),
                at,
              };
              const path = o.kind === 'correction' ? '/api/v1/turnout/corrections' : '/api/v1/turnout';
              if (o.kind === 'correction') body.reason = 'Sửa số liệu nhập sai';
              sent.push({ key, body, path, token });
              return post(app.url, path, token, body, key);
            });
            for (const r of await Promise.all(reqs)) expect([201, 409, 422]).toContain(r.status);
          }
          const stored = await storedTotals(redis, seed.data);
          const recomputed = await recomputedTotals(redis, seed.data);
          for (const [scope, totals] of stored) expect(totals, scope).toEqual(recomputed.get(scope));
          const replayed = await replayedFromHistory(redis, seed.data);
          for (const a of seed.data.areas) {
            expect(Number(await redis.hGet(electionKeys(election.id).area(a.id), 'voted'))).toBe(replayed.get(a.id));
          }
          // Every accepted report is bound by exactly one audit entry, whatever the interleaving.
          const K = electionKeys(election.id);
          expect((await verifyChain(redis, K.audit, K.auditHead)).problems).toEqual([]);
          const refs = (await redis.xRange(K.audit, '-', '+')).flatMap(
            ({ id, message: m }) => bindingOf(id, m.act ?? '', m.outcome ?? '', m.detail ?? '')?.refs ?? [],
          );
          const lines = await Promise.all(seed.data.areas.map((a) => redis.lLen(K.hist(a.id))));
          expect(new Set(refs.map((r) => `${r.area}#${r.seq}`)).size).toBe(refs.length);
          expect(refs.length).toBe(lines.reduce((x, y) => x + y, 0));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('sequential reports follow the pure model of the rules exactly (§2.1 window, cumulative counts)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const seed = await seedElection(redis);
        const { election } = seed.data;
        const a = seed.data.areas.find((x) => x.votingDate === election.date)!;
        const w = votingWindow(election, a.votingDate);
        let model: AreaTurnout = {
          registered: a.registered.na,
          voted: 0,
          reported: false,
          lastAt: 0,
          open: w.open,
          close: w.close,
        };
        let i = 0;
        for (const o of ops) {
          if (o.kind.startsWith('retry')) continue;
          const kind = o.kind as 'report' | 'correction';
          const at = Date.parse(`${election.date}T07:00:00+07:00`) + o.minute * 60_000;
          const voted = Math.min(o.voted, a.registered.na + 1);
          const expected = checkTurnout(model, { voted, at, kind }, at, null);
          const body: Record<string, unknown> = { pollingAreaId: a.id, voted, at: new Date(at).toISOString() };
          if (kind === 'correction') body.reason = 'Sửa số liệu nhập sai';
          const r = await post(
            app.url,
            kind === 'correction' ? '/api/v1/turnout/corrections' : '/api/v1/turnout',
            seed.teamTokens.get(a.id)!,
            body,
            `seq-${++i}-key`,
          );
          expect(r.status === 201 ? null : r.body.error.code).toBe(expected);
          if (!expected) model = applyTurnout(model, { voted, at, kind });
        }
      }),
      { numRuns: 25 },
    );
  });
});
