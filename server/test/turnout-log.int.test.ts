import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScopeUpdate } from '@ecc/shared';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { freshKey } from './counting-helpers.js';
import { ScopesStore } from '../src/store/scopes.store.js';
import { electionKeys } from '../src/store/keys.js';
import { createSubscriber } from '../src/store/redis.js';
import type { Redis } from '../src/store/redis.js';
import { decodeLogEntry, splitNotification } from '../src/store/update-codec.js';

let redis: Redis;
let sub: Redis;
let app: RunningApp;
let seed: Seeded;
let store: ScopesStore;
/** Every turnout update published, per scope, in order: what the log used to hold entry by entry. */
const published = new Map<string, ScopeUpdate[]>();

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
  store = new ScopesStore(redis);
  await store.load();
  sub = createSubscriber(inject('redisUrl'), 'turnout-log-test');
  await sub.connect();
  await sub.subscribe(electionKeys(seed.data.election.id).updates, (message) => {
    for (const line of splitNotification(message)) {
      if (line.scope.startsWith('count:') || line.scope.startsWith('area:')) continue;
      published.set(line.scope, [...(published.get(line.scope) ?? []), decodeLogEntry(line.scope, line.entry)!]);
    }
  });
});
afterAll(async () => {
  await sub.quit();
  await app.stop();
  await redis.quit();
});

function merged(scope: string, lastSeq: number) {
  const later = (published.get(scope) ?? []).filter((u) => u.toSeq > lastSeq);
  const children: ScopeUpdate['children'] = {};
  for (const u of later) Object.assign(children, u.children);
  return { figures: later[later.length - 1]!.figures, children };
}

describe('turnout logs name the changed children; a resync reads the figures (decisions 0002, 0011)', () => {
  it('a resync from any point equals the published updates merged, for a commune, its province and the nation', async () => {
    const E = seed.data.election.id;
    const areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date).slice(0, 8);
    const a0 = areas[0]!;
    const province = seed.provinceTokens.get(a0.provinceCode)!;
    for (const [step, time] of ['08:00', '10:00', '12:00'].entries()) {
      // One batch from the province committee (several children in one log entry), then single reports.
      const batch = areas.slice(0, 4).map((a, i) => ({
        idempotencyKey: freshKey('b'),
        pollingAreaId: a.id,
        voted: Math.floor(a.registered.na * (0.1 + 0.2 * step)) + i,
        at: atLocal(a.votingDate, time),
      }));
      const ownProvince = batch.filter(
        (b) => areas.find((a) => a.id === b.pollingAreaId)!.provinceCode === a0.provinceCode,
      );
      expect(
        (await post(app.url, '/api/v1/turnout/batch', province, { reports: ownProvince }, freshKey())).status,
      ).toBe(200);
      for (const a of areas.slice(4)) {
        const body = {
          pollingAreaId: a.id,
          voted: Math.floor(a.registered.na * (0.15 + 0.2 * step)),
          at: atLocal(a.votingDate, time),
        };
        expect((await post(app.url, '/api/v1/turnout', seed.teamTokens.get(a.id)!, body, freshKey())).status).toBe(201);
      }
    }
    const [natSeq] = await store.seqs(E, ['nation']);
    await expect.poll(() => published.get('nation')?.at(-1)?.toSeq).toBe(natSeq);
    for (const scope of [`commune:${a0.communeCode}`, `province:${a0.provinceCode}`, 'nation']) {
      const [seq] = await store.seqs(E, [scope]);
      expect(seq).toBeGreaterThan(1);
      for (const u of published.get(scope)!) {
        const lastSeq = u.fromSeq - 1;
        const got = await store.since(E, scope, lastSeq, 2000);
        expect(got, `${scope} since ${lastSeq}`).not.toBeNull();
        expect([got!.fromSeq, got!.toSeq]).toEqual([lastSeq + 1, seq]);
        expect({ figures: got!.figures, children: got!.children }).toEqual(merged(scope, lastSeq));
      }
      const entries = await redis.xRange(electionKeys(E).log(scope), '-', '+');
      expect(Object.keys(entries[0]!.message).sort()).toEqual(['f', 'k']);
    }
  });

  it('a log trimmed past the client’s sequence answers "snapshot", never a gap', async () => {
    const E = seed.data.election.id;
    const entries = await redis.xRange(electionKeys(E).log('nation'), '-', '+');
    expect(entries.length).toBeGreaterThan(2);
    const keep = entries[entries.length - 2]!;
    await redis.sendCommand(['XTRIM', electionKeys(E).log('nation'), 'MINID', keep.id]);
    expect(await store.since(E, 'nation', Number(keep.message.f) - 2, 2000)).toBeNull();
    expect((await store.since(E, 'nation', Number(keep.message.f) - 1, 2000))?.fromSeq).toBe(Number(keep.message.f));
    expect(await store.since(E, 'nation', Number(keep.message.f) - 1, 1)).toBeNull();
  });
});
