import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Contest, CountFigures, PollingArea } from '@ecc/shared';
import { freshKey, recordFor, submitRecord } from './counting-helpers.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { CountingStore } from '../src/store/counting.store.js';
import { decodeCountEntry } from '../src/store/counting-codec.js';
import type { CountUpdate } from '../src/store/counting-codec.js';
import { electionKeys } from '../src/store/keys.js';
import { createSubscriber } from '../src/store/redis.js';
import type { Redis } from '../src/store/redis.js';
import { splitNotification } from '../src/store/update-codec.js';

let redis: Redis;
let sub: Redis;
let app: RunningApp;
let seed: Seeded;
let store: CountingStore;
/** Every counting update published, per scope, in order: what the log used to hold entry by entry. */
const published = new Map<string, CountUpdate[]>();

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, RESULTS_FEED_MAXLEN: '100' });
  store = new CountingStore(redis);
  await store.load();
  sub = createSubscriber(inject('redisUrl'), 'counting-log-test');
  await sub.connect();
  await sub.subscribe(electionKeys(seed.data.election.id).updates, (message) => {
    for (const line of splitNotification(message)) {
      if (!line.scope.startsWith('count:')) continue;
      const u = decodeCountEntry(line.scope, line.entry)!;
      published.set(line.scope, [...(published.get(line.scope) ?? []), u]);
    }
  });
});
afterAll(async () => {
  await sub.quit();
  await app.stop();
  await redis.quit();
});

/** The update a client `lastSeq` behind must get: the published updates after it, merged (decision 0002). */
function merged(scope: string, lastSeq: number): { figures: CountFigures; children: Record<string, CountFigures> } {
  const later = (published.get(scope) ?? []).filter((u) => u.toSeq > lastSeq);
  const children: Record<string, CountFigures> = {};
  for (const u of later) Object.assign(children, u.children);
  return { figures: later[later.length - 1]!.figures, children };
}

async function decide(a: PollingArea, contest: Contest, action: 'confirm' | 'return', version: number) {
  const body = {
    action,
    version,
    at: atLocal(a.votingDate, '22:00'),
    ...(action === 'return' ? { reason: 'Số liệu chưa khớp' } : {}),
  };
  const r = await post(
    app.url,
    `/api/v1/counting/records/${a.id}/${contest}/decision`,
    seed.nationToken,
    body,
    freshKey(),
  );
  expect(r.status).toBe(201);
}

describe('counting logs name the changed child; a resync reads the figures (decision 0002)', () => {
  it('a resync from any point equals the published updates merged, for the unit, commune, province and nation', async () => {
    const E = seed.data.election.id;
    const areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date).slice(0, 6);
    const contest: Contest = 'na';
    for (const [i, a] of areas.entries()) {
      const token = seed.teamTokens.get(a.id)!;
      const r = await post(
        app.url,
        '/api/v1/counting/progress',
        token,
        { pollingAreaId: a.id, contest, state: 'counting', at: atLocal(a.votingDate, '19:20') },
        freshKey(),
      );
      expect(r.status).toBe(201);
      expect(
        (await submitRecord(app.url, token, recordFor(seed, a, contest, '20:00', { turnout: 0.8 }, i))).status,
      ).toBe(201);
      if (i % 2 === 0) await decide(a, contest, 'confirm', 1);
      if (i === 2) await decide(a, contest, 'return', 1);
    }
    const a = areas[0]!;
    const scopes = [`unit:${a.units.na}`, `commune:${a.communeCode}`, `province:${a.provinceCode}`, 'nation'];
    await expect
      .poll(() => published.get('count:na:nation')?.at(-1)?.toSeq)
      .toBe(await store.seq(E, contest, 'nation'));
    for (const scope of scopes) {
      const name = `count:${contest}:${scope}`;
      const seq = await store.seq(E, contest, scope);
      expect(seq).toBeGreaterThan(2);
      for (const lastSeq of [0, 1, Math.floor(seq / 2), seq - 1]) {
        const u = await store.since(E, contest, scope, lastSeq, 2000);
        expect(u, `${name} since ${lastSeq}`).not.toBeNull();
        expect(u!.fromSeq).toBe(lastSeq + 1);
        expect(u!.toSeq).toBe(seq);
        expect({ figures: u!.figures, children: u!.children }).toEqual(merged(name, lastSeq));
      }
      // More missed entries than a delta may carry: a snapshot instead.
      expect(await store.since(E, contest, scope, 0, seq - 1)).toBeNull();
    }
  });

  it('a log trimmed past the client’s sequence answers "snapshot", never a gap', async () => {
    const E = seed.data.election.id;
    const K = electionKeys(E);
    const seq = await store.seq(E, 'na', 'nation');
    await redis.lTrim(K.countLog('na', 'nation'), -2, -1); // keeps the last two: seq − 1 and seq
    expect(await store.since(E, 'na', 'nation', seq - 3, 2000)).toBeNull();
    expect(await store.since(E, 'na', 'nation', 0, 2000)).toBeNull();
    const tail = await store.since(E, 'na', 'nation', seq - 2, 2000);
    expect(tail?.fromSeq).toBe(seq - 1);
    expect(tail?.figures).toEqual(merged('count:na:nation', seq - 2).figures);
  });

  it('records and idempotency claims stay compact listpacks, and read back as written', async () => {
    const E = seed.data.election.id;
    const K = electionKeys(E);
    for (const [i, a] of seed.data.areas
      .filter((x) => x.votingDate === seed.data.election.date)
      .slice(0, 6)
      .entries()) {
      const rec = recordFor(seed, a, 'na', '20:00', { turnout: 0.8 }, i);
      const stored = await store.record(E, a.id, 'na');
      expect(stored?.numbers).toEqual([rec.voters, rec.voted, rec.issued, rec.received, rec.valid, rec.invalid]);
      expect(stored?.votes).toEqual(Object.fromEntries(rec.votes.map((v) => [v.candidateId, v.votes])));
      expect(await redis.hGet(K.countRecord(a.id, 'na'), 'cands')).toMatch(/^~01=/);
      expect(await redis.sendCommand(['OBJECT', 'ENCODING', K.countRecord(a.id, 'na')])).toBe('listpack');
      expect(await redis.sendCommand(['OBJECT', 'ENCODING', K.countIdem(a.id)])).toBe('listpack');
    }
  });

  it('log items are small: the changed child only', async () => {
    const E = seed.data.election.id;
    const [entry] = await redis.lRange(electionKeys(E).countLog('na', 'nation'), 0, 0);
    expect(entry).toBe(seed.data.areas[0]!.provinceCode);
  });
});

describe('the media feed keeps the last RESULTS_FEED_MAXLEN changes and says so when asked for older ones', () => {
  it('answers 410 FEED_TRIMMED with what is kept and where the whole state is, and serves what it keeps', async () => {
    const E = seed.data.election.id;
    const areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date).slice(6);
    await Promise.all(
      areas.map(async (a, i) => {
        const token = seed.teamTokens.get(a.id)!;
        for (const contest of ['na', 'pc', 'cc'] as const) {
          const rec = recordFor(seed, a, contest, '20:00', { turnout: 0.7 }, i);
          expect((await submitRecord(app.url, token, rec)).status).toBe(201);
          await decide(a, contest, 'confirm', 1);
        }
      }),
    );
    const latest = Number(await redis.get(electionKeys(E).resultsSeq));
    expect(latest).toBeGreaterThan(200);
    expect(await redis.xLen(electionKeys(E).resultsLog)).toBeLessThan(latest - 50);

    const old = await fetch(`${app.url}/api/v1/results/feed?election=${E}&since=0`);
    expect(old.status).toBe(410);
    const body = (await old.json()) as { error: { code: string; message: string; detail: Record<string, unknown> } };
    expect(body.error.code).toBe('FEED_TRIMMED');
    expect(body.error.message).toMatch(/export/);
    const { oldest, export: exportPath } = body.error.detail as { oldest: number; export: string };
    expect(body.error.detail).toMatchObject({ since: 0, latest });
    expect(oldest).toBeGreaterThan(1);
    expect((await fetch(`${app.url}${exportPath}&election=${E}`)).status).toBe(200);

    const kept = await fetch(`${app.url}/api/v1/results/feed?election=${E}&since=${oldest - 1}&limit=1000`);
    expect(kept.status).toBe(200);
    const page = (await kept.json()) as { entries: { seq: number }[]; next: number };
    expect(page.entries[0]!.seq).toBe(oldest);
    expect(page.next).toBe(latest);
    expect(page.entries.map((e) => e.seq)).toEqual(page.entries.map((_, i) => oldest + i));
  });
});
