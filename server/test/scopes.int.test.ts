import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
const get = async (path: string) => {
  const sep = path.includes('?') ? '&' : '?';
  return (await fetch(`${app.url}/api/v1${path}${sep}election=${seed.data.election.id}`)).json() as Promise<any>;
};

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('read API', () => {
  it('lists silent areas since the last due checkpoint (§3.1), areas at 100 %, and the series with denominators', async () => {
    const day = seed.data.election.date;
    const [a, b, c] = seed.data.areas.filter((x) => x.votingDate === day);
    const send = (area: typeof a, voted: number, t: string) =>
      post(
        app.url,
        '/api/v1/turnout',
        seed.teamTokens.get(area!.id)!,
        { pollingAreaId: area!.id, voted, at: atLocal(day, t) },
        `sc-${area!.id}-${t}`,
      );
    expect((await send(a, 10, '08:00')).status).toBe(201);
    expect((await send(b, 20, '08:50')).status).toBe(201);
    expect((await send(c, c!.registered.na, '09:30')).status).toBe(201); // the simulated clock is now 09:30

    const silent = await get('/scopes/nation/silent');
    const ids: string[] = silent.areas.map((x: { id: string }) => x.id);
    expect(silent.threshold).toBe('2026-03-15T08:40:00.000+07:00');
    expect(ids).toContain(a!.id);
    expect(ids).not.toContain(b!.id);
    expect(ids).not.toContain(c!.id);
    expect(silent.count).toBe(seed.data.areas.length - 2);
    const inProvince = await get(`/scopes/province:${a!.provinceCode}/silent`);
    expect(
      inProvince.areas.every(
        (x: { id: string }) => seed.data.areas.find((y) => y.id === x.id)!.provinceCode === a!.provinceCode,
      ),
    ).toBe(true);

    const grouped = await get('/scopes/nation/silent?groupBy=child');
    expect(Object.values(grouped.byChild as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(silent.count);
    expect(grouped.byChild[a!.provinceCode]).toBeGreaterThan(0);

    expect((await get('/scopes/nation/full')).areas).toEqual([c!.id]);

    const series = await get('/scopes/nation/series');
    const registered = seed.data.areas.reduce((s, x) => s + x.registered.na, 0);
    expect(series.points.at(-1)).toMatchObject({
      voted: 10 + 20 + c!.registered.na,
      registered,
      reporting: 3,
      full: 1,
    });
    expect(series.points.map((p: { at: string }) => p.at)).toEqual(
      [...series.points.map((p: { at: string }) => p.at)].sort(),
    );
  });

  it('ranks electoral units by turnout with the 50 % rule (§2.8)', async () => {
    const r = await get('/scopes/nation/units-at-risk?contest=na&limit=100');
    const na = seed.data.units.filter((u) => u.contest === 'na');
    expect(r.units).toHaveLength(na.length);
    const ratios = r.units.map((u: { voted: number; registered: number }) => u.voted / u.registered);
    expect(ratios).toEqual([...ratios].sort((x, y) => x - y));
    for (const u of r.units) expect(u.atOrBelowHalf).toBe(2 * u.voted <= u.registered);
    expect((await fetch(`${app.url}/api/v1/scopes/nation/units-at-risk?contest=xx`)).status).toBe(400);
  });

  it('answers 400 for a malformed scope, 404 for an unknown one, with a sentence in both languages', async () => {
    const bad = await fetch(`${app.url}/api/v1/scopes/planet:1`);
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${app.url}/api/v1/scopes/province:99?election=${seed.data.election.id}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toMatch(/Không tìm thấy.*\/.*Unknown scope/);
  });

  it('serves an OpenAPI 3.1 document covering every endpoint', async () => {
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/turnout',
      '/api/v1/turnout/corrections',
      '/api/v1/turnout/batch',
      '/api/v1/scopes/{scope}',
      '/api/v1/scopes/{scope}/series',
      '/api/v1/scopes/{scope}/silent',
      '/api/v1/scopes/{scope}/full',
      '/api/v1/scopes/{scope}/units-at-risk',
      '/api/v1/areas/{id}/turnout/history',
      '/api/v1/elections',
      '/api/v1/openapi.json',
      '/api/v1/status',
      '/metrics',
      '/healthz',
      '/readyz',
      '/api/v1/auth/sign-in',
      '/api/v1/auth/me',
      '/api/v1/auth/sign-out',
      '/api/v1/auth/password',
      '/api/v1/accounts',
      '/api/v1/accounts/{username}',
      '/api/v1/accounts/provision',
      '/api/v1/accounts/import',
      '/api/v1/walls',
      '/api/v1/walls/{id}',
      '/api/v1/audit',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/api/v1/turnout'].post.requestBody.content['application/json'].schema.required).toEqual([
      'pollingAreaId',
      'voted',
      'at',
    ]);
  });
});
