import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { publicCommuneSchema } from '@ecc/shared';
import { electionKeys } from '../src/store/keys.js';
import { PublicSnapshotStore } from '../src/store/public-snapshot.store.js';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { recordFor, submitRecord } from './counting-helpers.js';
import { png } from './images.js';
import { atLocal, post, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

/**
 * The public lookup's snapshots (issue 8): rebuilt when, and only when, what they show changes; served without a
 * single Redis command per request (counted with MONITOR on the real redis-server: a correctness property).
 */
let redis: Redis;
let seed: Seeded;
const E = () => seed.data.election.id;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 5 });
});
afterAll(async () => {
  await redis.quit();
});

const pub = (app: RunningApp, path: string, init?: RequestInit) => fetch(`${app.url}/api/v1/public/${path}`, init);

/** The snapshot of a commune as a browser sees it: ETag, build time, content. */
async function snapshot(app: RunningApp, code: string) {
  const r = await pub(app, `communes/${code}`);
  expect(r.status).toBe(200);
  const body = publicCommuneSchema.parse(await r.json());
  return { etag: r.headers.get('etag')!, builtAt: body.builtAt, body };
}

/** Two communes that share no electoral unit, so a change of one must not touch the other. */
function twoCommunes(): [PollingArea, PollingArea] {
  const a = seed.data.areas.find((x) => x.votingDate === seed.data.election.date)!;
  const units = new Set(
    seed.data.areas.filter((x) => x.communeCode === a.communeCode).flatMap((x) => Object.values(x.units)),
  );
  const b = seed.data.areas.find(
    (x) =>
      x.communeCode !== a.communeCode &&
      seed.data.areas
        .filter((y) => y.communeCode === x.communeCode)
        .every((y) => Object.values(y.units).every((u) => !units.has(u))),
  )!;
  return [a, b];
}

describe('public snapshots are rebuilt when and only when their published data changes', () => {
  let app: RunningApp;
  let admin: Session;
  beforeAll(async () => {
    app = await startApp(inject('redisUrl'), {
      ELECTION_ID: E(),
      PUBLIC_REFRESH_MS: '60',
      PUBLIC_RESULTS_REFRESH_MS: '60',
    });
    admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, E()))).session;
  });
  afterAll(() => app.stop());

  const builds = () => app.app.stats().publicBuilds;
  /** Several refresh passes (60 ms each) go by. */
  const passes = () => new Promise((r) => setTimeout(r, 400));

  it('keeps every snapshot through reports, voter-list changes and unconfirmed counting', async () => {
    const [a, b] = twoCommunes();
    const before = [await snapshot(app, a.communeCode), await snapshot(app, b.communeCode)];
    const built = builds();
    const report = await post(
      app.url,
      '/api/v1/turnout',
      seed.teamTokens.get(a.id)!,
      { pollingAreaId: a.id, voted: 40, at: atLocal(a.votingDate, '09:00') },
      `pub-turnout-${a.id}`,
    );
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const change = await post(
      app.url,
      '/api/v1/voter-changes',
      seed.nationToken,
      { pollingAreaId: a.id, reason: 'certificate-in', count: 2, effectiveAt: atLocal(a.votingDate, '10:00') },
      `pub-vc-${a.id}`,
    );
    expect(change.status, JSON.stringify(change.body)).toBe(201);
    const rec = await submitRecord(app.url, seed.nationToken, recordFor(seed, a, 'cc', '19:30', { turnout: 0.9 }, 1));
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    await passes();
    expect(builds()).toBe(built!);
    const after = [await snapshot(app, a.communeCode), await snapshot(app, b.communeCode)];
    expect(after.map((s) => s.etag)).toEqual(before.map((s) => s.etag));
    expect(after.map((s) => s.builtAt)).toEqual(before.map((s) => s.builtAt));
  });

  it("rebuilds an edited area's commune, and no other", async () => {
    const [a, b] = twoCommunes();
    const [sa, sb] = [await snapshot(app, a.communeCode), await snapshot(app, b.communeCode)];
    const built = builds();
    const r = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${E()}/areas/${a.id}`, {
      address: 'Hội trường thôn mới',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await waitFor(async () => (await snapshot(app, a.communeCode)).etag !== sa.etag, 5000, 'rebuilt commune');
    const now = await snapshot(app, a.communeCode);
    expect(now.body.areas.find((x) => x.id === a.id)!.address).toBe('Hội trường thôn mới');
    await passes();
    expect(builds()).toBe(built! + 1);
    expect((await snapshot(app, b.communeCode)).etag).toBe(sb.etag);
  });

  it("rebuilds every commune of a withdrawn candidate's unit, and no other", async () => {
    const [a, b] = twoCommunes();
    const unit = a.units.pc;
    const cand = seed.data.candidates.find((c) => c.unitId === unit)!;
    const inUnit = [...new Set(seed.data.areas.filter((x) => x.units.pc === unit).map((x) => x.communeCode))];
    const before = new Map<string, string>();
    for (const code of [...inUnit, b.communeCode]) before.set(code, (await snapshot(app, code)).etag);
    const built = builds();
    const w = await withSession(app.url, admin, 'POST', `/api/v1/elections/${E()}/candidates/${cand.id}/withdraw`, {
      reason: 'Lý do sức khỏe',
      date: '2026-03-01',
    });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    for (const code of inUnit)
      await waitFor(async () => (await snapshot(app, code)).etag !== before.get(code), 5000, `rebuilt ${code}`);
    const shown = (await snapshot(app, a.communeCode)).body.units[unit]!.candidates.map((c) => c.id);
    expect(shown).not.toContain(cand.id);
    await passes();
    expect(builds()).toBe(built! + inUnit.length);
    expect((await snapshot(app, b.communeCode)).etag).toBe(before.get(b.communeCode));
  });

  it("shows an uploaded photo in the public profile of its unit's communes, and serves it without signing in", async () => {
    const [a] = twoCommunes();
    const unit = a.units.na;
    const cand = seed.data.candidates.find((c) => c.unitId === unit)!;
    expect(
      (await snapshot(app, a.communeCode)).body.units[unit]!.candidates.find((c) => c.id === cand.id)!.photo,
    ).toBeUndefined();
    const bytes = png(512);
    const put = await fetch(`${app.url}/api/v1/elections/${E()}/candidates/${cand.id}/photo`, {
      method: 'PUT',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'image/png' },
      body: new Uint8Array(bytes),
    });
    expect(put.status).toBe(204);
    let url: string | undefined;
    await waitFor(
      async () => {
        url = (await snapshot(app, a.communeCode)).body.units[unit]!.candidates.find((c) => c.id === cand.id)!.photo;
        return url !== undefined;
      },
      5000,
      'photo in the public profile',
    );
    const r = await fetch(app.url + url!);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a version bump without a change entry (set by hand) rebuilds everything, and unchanged bytes keep their ETag', async () => {
    const [a, b] = twoCommunes();
    const [sa, sb] = [await snapshot(app, a.communeCode), await snapshot(app, b.communeCode)];
    const built = builds();
    await redis.incr(electionKeys(E()).publicVersion);
    await waitFor(() => builds()! >= built! + 2, 5000, 'rebuilds');
    expect((await snapshot(app, a.communeCode)).etag).toBe(sa.etag);
    expect((await snapshot(app, b.communeCode)).etag).toBe(sb.etag);
  });
});

describe('the serving path issues no Redis command per request', () => {
  it('answers 2,000 public requests with no command from the instance beyond its own background', async () => {
    // Refreshes far apart: what remains is the instance's timers (heartbeats, status), counted and bounded.
    const app = await startApp(inject('redisUrl'), { ELECTION_ID: E(), PUBLIC_REFRESH_MS: '600000' });
    const monitor = createClient({ url: inject('redisUrl') });
    await monitor.connect();
    try {
      const codes = [...new Set(seed.data.areas.map((a) => a.communeCode))];
      for (const code of codes) expect((await pub(app, `communes/${code}`)).status).toBe(200);
      expect((await pub(app, 'communes')).status).toBe(200);
      // The instance's own connection, by address: other test files share this redis-server.
      const info = String(await app.redis.sendCommand(['CLIENT', 'INFO']));
      const addr = /\baddr=(\S+)/.exec(info)![1]!;
      const seen: string[] = [];
      await monitor.monitor((line: string) => {
        if (line.includes(` ${addr}]`)) seen.push(line);
      });
      let n = 0;
      const worker = async () => {
        while (n < 2000) {
          const i = n++;
          const path = i % 10 === 0 ? 'communes' : `communes/${codes[i % codes.length]}`;
          const r = await pub(app, path, { headers: { 'accept-encoding': 'gzip' } });
          expect(r.status).toBe(200);
          await r.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await new Promise((r) => setTimeout(r, 100)); // MONITOR lines still in flight
      // Nothing the public lookup reads (areas, units, candidates, versions, results) and at most 1 per 100.
      const reads = seen.filter((l) => /:(area|kids|units|cand|loaded|pubver|pubchg|cres)\b|ecc:elections/.test(l));
      expect(reads).toEqual([]);
      expect(seen.length, seen.join('\n')).toBeLessThanOrEqual(20);
    } finally {
      monitor.destroy();
      await app.stop();
    }
  });
});

describe('following counting on a capped results log', () => {
  it('says when entries were trimmed before they were read (every shown unit is then checked again)', async () => {
    const e = `pubgap-${Date.now()}`;
    const K = electionKeys(e);
    for (let n = 1; n <= 10; n++) await redis.xAdd(K.resultsLog, `${n}-0`, { unit: `u${n % 3}` });
    const store = new PublicSnapshotStore(redis);
    const all = await store.resultUnitsBetween(e, 0, 10, 4);
    expect(all).toMatchObject({ gap: false, upTo: 4, units: ['u1', 'u2', 'u0', 'u1'] });
    expect(await store.resultUnitsBetween(e, 4, 10, 100)).toMatchObject({ gap: false, upTo: 10 });
    await redis.xTrim(K.resultsLog, 'MINID', '7-0');
    expect((await store.resultUnitsBetween(e, 4, 10, 100)).gap).toBe(true);
    expect((await store.resultUnitsBetween(e, 6, 10, 100)).gap).toBe(false);
    await redis.del(K.resultsLog);
  });
});
