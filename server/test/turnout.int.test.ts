import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { electionKeys } from '../src/store/keys.js';
import { readHistory } from '../src/store/turnout.store.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let area: PollingArea;
let other: PollingArea;
const tok = (a: PollingArea) => seed.teamTokens.get(a.id)!;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  area = seed.data.areas.find((a) => a.votingDate === seed.data.election.date)!;
  other = seed.data.areas.find((a) => a.votingDate === seed.data.election.date && a.communeCode !== area.communeCode)!;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const day = () => seed.data.election.date;
const get = async (path: string) => (await fetch(`${app.url}/api/v1${path}?election=${seed.data.election.id}`)).json();

describe('POST /api/v1/turnout', () => {
  it('accepts a report and moves area, commune, province and nation', async () => {
    const before = await get('/scopes/nation');
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: 100, at: atLocal(day(), '08:00') },
      'k-accept-0001',
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ pollingAreaId: area.id, voted: 100, kind: 'report', areaSeq: 1 });
    const after = await get('/scopes/nation');
    expect(after.figures.voted - before.figures.voted).toBe(100);
    expect(after.figures.reporting - before.figures.reporting).toBe(1);
    expect(after.seq).toBe(before.seq + 1);
    const commune = await get(`/scopes/commune:${area.communeCode}`);
    expect(commune.children[area.id].voted).toBe(100);
    const prov = await get(`/scopes/province:${area.provinceCode}`);
    expect(prov.children[area.communeCode].voted).toBe(commune.figures.voted);
    // Every value of the area's hash (packed facts, idempotency record) fits a listpack: one longer value would
    // turn all 72,000 area hashes into hashtables (decision 0011: ~3x the memory).
    const key = electionKeys(seed.data.election.id).area(area.id);
    expect(await redis.sendCommand(['OBJECT', 'ENCODING', key])).toBe('listpack');
  });

  it('reports for an area stored before its packed facts (`w`) existed, from the separate fields', async () => {
    const K = electionKeys(seed.data.election.id);
    const old = [...seed.data.areas]
      .reverse()
      .find((a) => a.votingDate === day() && a.communeCode !== area.communeCode)!;
    await redis.hDel(K.area(old.id), 'w');
    const unitBefore = Number(await redis.hGet(K.unitVoted('na'), old.units.na));
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(old),
      { pollingAreaId: old.id, voted: 40, at: atLocal(day(), '07:30') },
      'k-nofacts-0001',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await get(`/scopes/commune:${old.communeCode}`)).children[old.id]).toMatchObject({ voted: 40 });
    expect(Number(await redis.hGet(K.unitVoted('na'), old.units.na))).toBe(unitBefore + 40);
  });

  it('answers a retry with the same key and body once, counted once', async () => {
    const body = { pollingAreaId: area.id, voted: 150, at: atLocal(day(), '09:00') };
    const first = await post(app.url, '/api/v1/turnout', tok(area), body, 'k-retry-0001');
    const nation1 = await get('/scopes/nation');
    const again = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { ...body, at: `${day()}T02:00:00Z` },
      'k-retry-0001',
    );
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const nation2 = await get('/scopes/nation');
    expect(nation2.figures.voted).toBe(nation1.figures.voted);
    expect(nation2.seq).toBe(nation1.seq);
  });

  it('refuses the same key with another body (422)', async () => {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: 151, at: atLocal(day(), '09:00') },
      'k-retry-0001',
    );
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(r.body.error.message).toMatch(/Khóa.*\/.*Idempotency-Key/);
  });

  it.each([
    ['a decreasing count', { voted: 10, at: '10:00' }, 409, 'DECREASING_COUNT'],
    ['an older report', { voted: 160, at: '08:30' }, 409, 'STALE_REPORT'],
    ['a count above registered voters', { voted: -1, at: '10:00' }, 422, 'VOTED_EXCEEDS_REGISTERED'],
    ['a time before 05:00', { voted: 160, at: '04:59' }, 422, 'OUTSIDE_VOTING_WINDOW'],
    ['a time after 21:00', { voted: 160, at: '21:01' }, 422, 'OUTSIDE_VOTING_WINDOW'],
  ])('refuses %s', async (_what, b, status, code) => {
    const voted = b.voted < 0 ? area.registered.na + 1 : b.voted;
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted, at: atLocal(day(), b.at) },
      `k-${code}-${b.at}`,
    );
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });

  it('refuses a report on another day than the area votes', async () => {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: 200, at: '2026-03-14T10:00:00+07:00' },
      'k-otherday-1',
    );
    expect(r.status).toBe(422);
  });

  it('checks who reports: no token 401, another team 403, a committee inside its province 201', async () => {
    const body = { pollingAreaId: other.id, voted: 5, at: atLocal(day(), '08:00') };
    const none = await fetch(`${app.url}/api/v1/turnout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-auth-00001' },
      body: JSON.stringify(body),
    });
    expect(none.status).toBe(401);
    expect((await post(app.url, '/api/v1/turnout', 'not-a-token', body, 'k-auth-00002')).status).toBe(401);
    expect((await post(app.url, '/api/v1/turnout', tok(area), body, 'k-auth-00003')).status).toBe(403);
    const foreign = seed.data.provinces.find((p) => p.code !== other.provinceCode)!;
    expect(
      (await post(app.url, '/api/v1/turnout', seed.provinceTokens.get(foreign.code)!, body, 'k-auth-00004')).status,
    ).toBe(403);
    expect(
      (await post(app.url, '/api/v1/turnout', seed.provinceTokens.get(other.provinceCode)!, body, 'k-auth-00005'))
        .status,
    ).toBe(201);
  });

  it('names the bad field of a malformed body (400) and refuses a missing key', async () => {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: -1, at: atLocal(day(), '10:00') },
      'k-bad-000001',
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_FIELD', field: 'voted' });
    const noTz = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: 1, at: '2026-03-15T10:00:00' },
      'k-bad-000002',
    );
    expect(noTz.body.error.field).toBe('at');
    const noKey = await post(app.url, '/api/v1/turnout', tok(area), {
      pollingAreaId: area.id,
      voted: 1,
      at: atLocal(day(), '10:00'),
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('MISSING_IDEMPOTENCY_KEY');
    const res = await fetch(`${app.url}/api/v1/turnout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tok(area)}`,
        'idempotency-key': 'k-bad-000003',
      },
      body: '{"pollingAreaId": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MALFORMED');
  });

  it('answers 404 for an unknown polling area and 413 for a body over 64 KB', async () => {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      seed.nationToken,
      { pollingAreaId: '99999-0001', voted: 1, at: atLocal(day(), '10:00') },
      'k-404-000001',
    );
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AREA_NOT_FOUND');
    const big = await post(
      app.url,
      '/api/v1/turnout',
      tok(area),
      { pollingAreaId: area.id, voted: 1, at: atLocal(day(), '10:00'), pad: 'x'.repeat(70_000) },
      'k-413-000001',
    );
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('corrections', () => {
  it('lowers a count only through a correction with a reason, kept in the history', async () => {
    const c = await post(
      app.url,
      '/api/v1/turnout/corrections',
      tok(area),
      { pollingAreaId: area.id, voted: 120, at: atLocal(day(), '09:30'), reason: 'Nhập nhầm số liệu lúc 9 giờ' },
      'k-corr-00001',
    );
    expect(c.status).toBe(201);
    expect(c.body.kind).toBe('correction');
    const noReason = await post(
      app.url,
      '/api/v1/turnout/corrections',
      tok(area),
      { pollingAreaId: area.id, voted: 110, at: atLocal(day(), '09:40') },
      'k-corr-00002',
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const h = (await (
      await fetch(`${app.url}/api/v1/areas/${area.id}/turnout/history?election=${seed.data.election.id}`)
    ).json()) as { entries: { kind: string; voted: number; reason?: string }[] };
    expect(h.entries.map((e) => [e.kind, e.voted])).toEqual([
      ['report', 100],
      ['report', 150],
      ['correction', 120],
    ]);
    expect(h.entries[2]!.reason).toBe('Nhập nhầm số liệu lúc 9 giờ');
    const commune = await get(`/scopes/commune:${area.communeCode}`);
    expect(commune.children[area.id].voted).toBe(120);
  });
});

describe('POST /api/v1/turnout/batch', () => {
  it('gives each item its own result; one bad item rejects only itself', async () => {
    const areas = seed.data.areas
      .filter((a) => a.votingDate === day() && a.id !== area.id && a.id !== other.id)
      .slice(0, 5);
    const reports: unknown[] = areas.map((a, i) => ({
      idempotencyKey: `k-batch-${i}-xyz`,
      pollingAreaId: a.id,
      voted: 7,
      at: atLocal(day(), '11:00'),
    }));
    reports.push({
      idempotencyKey: 'k-batch-bad1',
      pollingAreaId: areas[0]!.id,
      voted: 'seven',
      at: atLocal(day(), '11:00'),
    });
    reports.push({
      idempotencyKey: 'k-batch-bad2',
      pollingAreaId: areas[1]!.id,
      voted: 1,
      at: atLocal(day(), '11:30'),
    });
    const before = await get('/scopes/nation');
    const r = await post(app.url, '/api/v1/turnout/batch', seed.nationToken, { reports });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(5);
    expect(r.body.results.map((x: { status: number }) => x.status)).toEqual([201, 201, 201, 201, 201, 400, 409]);
    expect(r.body.results[5].body.error.field).toBe('voted');
    const after = await get('/scopes/nation');
    expect(after.figures.voted - before.figures.voted).toBe(35);
    // Each item's history names its request and its place in it (the batch is one sender in the store step).
    const histories = await Promise.all(areas.map((a) => readHistory(redis, seed.data.election.id, a.id)));
    const rids = histories.map((h) => h.at(-1)!.requestId);
    expect(rids.map((x) => x.slice(x.indexOf('#')))).toEqual(['#0', '#1', '#2', '#3', '#4']);
    expect(new Set(rids.map((x) => x.slice(0, x.indexOf('#')))).size).toBe(1);
    const again = await post(app.url, '/api/v1/turnout/batch', seed.nationToken, { reports: reports.slice(0, 5) });
    expect(again.body.accepted).toBe(5);
    expect(again.body.results.map((x: { replayed: boolean }) => x.replayed)).toEqual([true, true, true, true, true]);
    expect((await get('/scopes/nation')).figures.voted).toBe(after.figures.voted);
  });

  it('refuses more than 1,000 items', async () => {
    const reports = Array.from({ length: 1001 }, (_, i) => ({
      idempotencyKey: `k-many-${i}-abc`,
      pollingAreaId: area.id,
      voted: 1,
      at: atLocal(day(), '11:00'),
    }));
    const r = await post(app.url, '/api/v1/turnout/batch', seed.nationToken, { reports });
    expect([400, 413]).toContain(r.status);
  });
});
