import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { electionDigest } from './digest.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

/**
 * §5 "total voters is a moving number … record list version/time": an edit of an area's registered voters in the
 * reference data (issue 9) moves the denominators, so it is logged as a correction and the voter-change report's
 * totals follow it. It is neither an addition nor a removal, and it is undone by editing the area again.
 */
let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let admin: Session;
let adminName: string;
const E = () => seed.data.election.id;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 13 });
  app = await startApp(inject('redisUrl'), { ELECTION_ID: E() });
  adminName = await makeAccount(redis, 'admin', { level: 'nation' }, E());
  admin = (await signIn(app.url, adminName)).session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const get = async (path: string) => {
  const r = await fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${seed.nationToken}` } });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
type Counts = { na: number; pc: number; cc: number };
type Row = {
  code: string;
  added: number;
  removed: number;
  corrected: Counts;
  startNa: number;
  endNa: number;
  net: Counts;
};

describe('§5 corrections of the reference data in the voter-change log and report', () => {
  it("logs an edit of an area's registered voters as a correction, and the report's totals follow it", async () => {
    const a = seed.data.areas.find((x) => x.votingDate === seed.data.election.date && x.registered.cc > 10)!;
    const vc = await post(
      app.url,
      '/api/v1/voter-changes',
      seed.nationToken,
      { pollingAreaId: a.id, reason: 'moved-in', count: 4, effectiveAt: atLocal(a.votingDate, '09:00') },
      `corr-vc-${a.id}`,
    );
    expect(vc.status, JSON.stringify(vc.body)).toBe(201);
    const next = { na: a.registered.na + 4 + 9, pc: a.registered.pc + 4 + 9, cc: a.registered.cc + 4 - 3 };
    const edit = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${E()}/areas/${a.id}`, {
      registered: next,
      reason: 'Rà soát lại danh sách',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);

    const log = (await get(`/voter-changes?scope=area:${a.id}`)).body.changes as Record<string, any>[];
    const c = log.find((x) => x.reason === 'correction')!;
    expect(c).toMatchObject({
      pollingAreaId: a.id,
      communeCode: a.communeCode,
      delta: { na: 9, pc: 9, cc: -3 },
      registeredAfter: next,
      by: adminName,
      note: 'Rà soát lại danh sách',
    });

    const report = await get(`/voter-changes/report?scope=commune:${a.communeCode}`);
    expect(report.status).toBe(200);
    const row = (report.body.rows as Row[]).find((r) => r.code === a.id)!;
    expect(row.corrected).toEqual({ na: 9, pc: 9, cc: -3 });
    expect([row.added, row.removed]).toEqual([4, 0]);
    expect(row.endNa).toBe(Number(await redis.hGet(electionKeys(E()).area(a.id), 'reg')));
    expect(row.endNa).toBe(next.na);
    expect(row.startNa).toBe(a.registered.na);
    expect(row.startNa + row.added - row.removed + row.corrected.na).toBe(row.endNa);
    expect(report.body.total.corrected.na).toBe(9);
    const nation = await get('/voter-changes/report?scope=nation');
    const prov = (nation.body.rows as Row[]).find((r) => r.code === a.provinceCode)!;
    expect(prov.endNa).toBe(Number(await redis.hGet(electionKeys(E()).agg(`province:${a.provinceCode}`), 'reg')));
  });

  it('logs nothing for an edit that moves no denominator, and refuses to revert a correction', async () => {
    const a = seed.data.areas[1]!;
    const count = async () => ((await get(`/voter-changes?scope=area:${a.id}`)).body.changes as unknown[]).length;
    const n0 = await count();
    const edit = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${E()}/areas/${a.id}`, {
      address: 'Nhà văn hóa tổ dân phố',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(await count()).toBe(n0);
    const fix = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${E()}/areas/${a.id}`, {
      registered: { ...a.registered, na: a.registered.na + 1 },
    });
    expect(fix.status, JSON.stringify(fix.body)).toBe(200);
    const log = (await get(`/voter-changes?scope=area:${a.id}`)).body.changes as { id: number; reason: string }[];
    const id = log.find((x) => x.reason === 'correction')!.id;
    const digest = await electionDigest(redis, E());
    const r = await post(
      app.url,
      `/api/v1/voter-changes/${id}/revert`,
      seed.nationToken,
      { note: 'thử hủy điều chỉnh' },
      `corr-rv-${id}`,
    );
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('NOT_REVERTIBLE');
    expect(await electionDigest(redis, E())).toBe(digest);
  });
});
