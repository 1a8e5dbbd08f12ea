import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, Figures, PollingArea, ScopeUpdate, SubscribeResult, VoterChangeReason } from '@ecc/shared';
import { EV } from '@ecc/shared';
import { createRng } from '@ecc/fixtures';
import { verifyByReplay } from '../src/ops/verify.js';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { electionDigest } from './digest.js';
import { atLocal, connectViewer, post, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { fullAreas, recomputedTotals, storedTotals, unitFigures } from './recompute.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let areas: PollingArea[];
let n = 0;
const E = () => seed.data.election.id;
const day = () => seed.data.election.date;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 11 });
  areas = seed.data.areas.filter((a) => a.votingDate === day());
  app = await startApp(inject('redisUrl'), { ELECTION_ID: E() });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const change = (body: Record<string, unknown>, token = seed.nationToken, key = `vc-${++n}-key`) =>
  post(app.url, '/api/v1/voter-changes', token, body, key);
const revert = (id: number, at = '20:00', token = seed.nationToken, key = `vr-${++n}-key`) =>
  post(
    app.url,
    `/api/v1/voter-changes/${id}/revert`,
    token,
    { note: 'nhập nhầm số liệu', effectiveAt: atLocal(day(), at) },
    key,
  );
const report = (a: PollingArea, voted: number, time: string) =>
  post(
    app.url,
    '/api/v1/turnout',
    seed.teamTokens.get(a.id)!,
    { pollingAreaId: a.id, voted, at: atLocal(day(), time) },
    `turnout-${++n}-key`,
  );
const get = async (path: string, token = seed.nationToken) => {
  const r = await fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};

/** Every aggregate equals a recomputation from the areas: scopes, units, the silence index, the event-log replay. */
async function expectConsistent() {
  expect(await storedTotals(redis, seed.data)).toEqual(await recomputedTotals(redis, seed.data));
  const units = await unitFigures(redis, seed.data);
  expect(units.stored).toEqual(units.recomputed);
  const full = await fullAreas(redis, seed.data);
  expect(full.indexed).toEqual(full.full);
  expect((await verifyByReplay(redis, E())).mismatches).toEqual([]);
}

describe('§5 voter-list changes move every denominator atomically', () => {
  it('applies additions and removals by reason, per contest, and keeps every aggregate equal to a recomputation', async () => {
    const a = areas[0]!;
    // One area at 100 %, so changes move it in and out of "full" (and of the silence index's +inf).
    expect((await report(a, a.registered.na, '08:00')).status).toBe(201);
    expect((await report(areas[1]!, 100, '08:00')).status).toBe(201);
    const before = await get(`/scopes/commune:${a.communeCode}`);
    const r = await change({
      pollingAreaId: a.id,
      reason: 'certificate-in',
      count: 3,
      effectiveAt: atLocal(day(), '09:00'),
      note: 'giấy chứng nhận số 12',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      pollingAreaId: a.id,
      reason: 'certificate-in',
      count: 3,
      delta: { na: 3, pc: 3, cc: 0 },
      registeredAfter: { na: a.registered.na + 3, pc: a.registered.pc + 3, cc: a.registered.cc },
    });
    expect(Date.parse(r.body.effectiveAt as string)).toBe(Date.parse(atLocal(day(), '09:00')));
    const after = await get(`/scopes/commune:${a.communeCode}`);
    expect(after.body.figures.registered - before.body.figures.registered).toBe(3);
    expect(after.body.figures.full).toBe(before.body.figures.full - 1);
    expect(after.body.seq).toBe(before.body.seq + 1);
    expect(after.body.children[a.id].registered).toBe(a.registered.na + 3);
    await expectConsistent();
  });

  it('random changes and reverts, then reverting everything, keep aggregates equal and restore the lists', async () => {
    const rng = createRng(5);
    const reasons: VoterChangeReason[] = ['moved-in', 'deceased', 'temporary-resident', 'added-late', 'moved-out'];
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = rng.pick(areas);
      const body: Record<string, unknown> = {
        pollingAreaId: a.id,
        reason: rng.pick(reasons),
        count: rng.int(1, 20),
        effectiveAt: atLocal(day(), `1${rng.int(0, 8)}:00`),
      };
      if (rng.chance(0.2)) body.contests = ['na', 'pc'];
      const r = await change(body);
      expect([201, 409, 422]).toContain(r.status);
      if (r.status === 201) ids.push(r.body.id as number);
      if (i % 7 === 0 && ids.length) {
        const rv = await revert(ids.pop()!);
        expect([201, 409]).toContain(rv.status);
      }
    }
    await expectConsistent();
    // Revert every change not yet reverted: each area's list returns to the reference data.
    const all = await get(`/voter-changes?scope=nation`);
    for (const c of all.body.changes as { id: number; reverts?: number; revertedBy?: number }[]) {
      if (c.reverts === undefined && c.revertedBy === undefined) expect((await revert(c.id, '20:30')).status).toBe(201);
    }
    for (const a of seed.data.areas) {
      const [reg, regpc, regcc] = await redis.hmGet(electionKeys(E()).area(a.id), ['reg', 'regpc', 'regcc']);
      expect([Number(reg), Number(regpc), Number(regcc)]).toEqual([a.registered.na, a.registered.pc, a.registered.cc]);
    }
    await expectConsistent();
  });

  it('refuses a list below the voters who voted, a contest above the list, and after the close — writing nothing', async () => {
    const a = areas[1]!; // 100 voted
    const digest = await electionDigest(redis, E());
    const below = await change({ pollingAreaId: a.id, reason: 'deceased', count: a.registered.na - 99 });
    expect(below.status).toBe(422); // no effectiveAt in a simulated election: "now" is long after its close
    const belowAt = await change({
      pollingAreaId: a.id,
      reason: 'deceased',
      count: a.registered.na - 99,
      effectiveAt: atLocal(day(), '10:00'),
    });
    expect(belowAt.status).toBe(409);
    expect(belowAt.body.error.code).toBe('REGISTERED_BELOW_VOTED');
    expect(belowAt.body.error.message).toMatch(/cử tri.*\/.*voters/);
    const late = await change({
      pollingAreaId: a.id,
      reason: 'moved-in',
      count: 1,
      effectiveAt: atLocal(day(), '21:01'),
    });
    expect(late.body.error.code).toBe('POLLS_CLOSED');
    const early = seed.data.areas.find((x) => x.votingDate < day())!;
    const afterEarly = await change({
      pollingAreaId: early.id,
      reason: 'moved-in',
      count: 1,
      effectiveAt: atLocal(day(), '06:00'),
    });
    expect(afterEarly.body.error.code).toBe('POLLS_CLOSED'); // §2.2 its polls closed the day before
    const bad = await change({ pollingAreaId: a.id, reason: 'moved-in', count: 0 });
    expect(bad.status).toBe(400);
    const noNa = await change({ pollingAreaId: a.id, reason: 'moved-in', count: 1, contests: ['cc'] });
    expect(noNa.status).toBe(400);
    const unknown = await change({ pollingAreaId: '00101-9999', reason: 'moved-in', count: 1 });
    expect(unknown.status).toBe(404);
    expect(await electionDigest(redis, E())).toBe(digest);
  });

  it('answers a retry once, counted once; the same key with another body is refused', async () => {
    const a = areas[2]!;
    const body = { pollingAreaId: a.id, reason: 'moved-in', count: 2, effectiveAt: atLocal(day(), '11:00') };
    const first = await change(body, seed.nationToken, 'same-key-0001');
    const nation = (await get('/scopes/nation')).body;
    const again = await change(body, seed.nationToken, 'same-key-0001');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await get('/scopes/nation')).body.figures).toEqual(nation.figures);
    const other = await change({ ...body, count: 3 }, seed.nationToken, 'same-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a revert is a compensating change, once; it shows the time it took effect', async () => {
    const a = areas[3]!;
    const c = await change({ pollingAreaId: a.id, reason: 'deceased', count: 1, effectiveAt: atLocal(day(), '12:00') });
    const rv = await revert(c.body.id as number, '12:30');
    expect(rv.status).toBe(201);
    expect(rv.body).toMatchObject({
      reverts: c.body.id,
      reason: 'deceased',
      delta: { na: 1, pc: 1, cc: 1 },
    });
    expect(Date.parse(rv.body.effectiveAt as string)).toBe(Date.parse(atLocal(day(), '12:30')));
    expect((await revert(c.body.id as number)).body.error.code).toBe('ALREADY_REVERTED');
    expect((await revert(rv.body.id as number)).body.error.code).toBe('ALREADY_REVERTED');
    expect((await revert(999_999)).status).toBe(404);
    const list = await get(`/voter-changes?scope=area:${a.id}`);
    expect(list.body.changes.map((x: { id: number }) => x.id).slice(-2)).toEqual([c.body.id, rv.body.id]);
    expect(list.body.changes.at(-2).revertedBy).toBe(rv.body.id);
    const audit = await redis.xRange(electionKeys(E()).audit, '-', '+');
    const acts = audit.map((e) => e.message.act);
    expect(acts).toContain('voters:change');
    expect(acts).toContain('voters:revert');
  });

  it('series points keep the denominator they were computed with (§7.3)', async () => {
    const a = areas[4]!;
    expect((await report(a, 50, '13:05')).status).toBe(201);
    const scope = `commune:${a.communeCode}`;
    const s1 = (await get(`/scopes/${scope}/series`)).body;
    const c = await change({ pollingAreaId: a.id, reason: 'moved-in', count: 4, effectiveAt: atLocal(day(), '13:30') });
    expect(c.status).toBe(201);
    const s2 = (await get(`/scopes/${scope}/series`)).body;
    expect(s2).toEqual(s1);
    expect((await report(a, 60, '14:05')).status).toBe(201);
    const points = (await get(`/scopes/${scope}/series`)).body.points as { registered: number }[];
    expect(points.at(-1)!.registered - points.at(-2)!.registered).toBe(4);
  });

  it('only writers inside their jurisdiction may change a list; denials write no data', async () => {
    const [a, b] = [areas[5]!, areas.find((x) => x.communeCode !== areas[5]!.communeCode)!];
    const digest = await electionDigest(redis, E());
    const r = await change(
      { pollingAreaId: b.id, reason: 'moved-in', count: 1, effectiveAt: atLocal(day(), '10:00') },
      seed.teamTokens.get(a.id)!,
    );
    expect(r.status).toBe(403);
    expect(await electionDigest(redis, E())).toBe(digest);
    const own = await change(
      { pollingAreaId: a.id, reason: 'certificate-in', count: 1, effectiveAt: atLocal(day(), '10:00') },
      seed.teamTokens.get(a.id)!,
    );
    expect(own.status).toBe(201);
    expect((await get(`/voter-changes?scope=nation`, seed.teamTokens.get(a.id)!)).status).toBe(403);
    const anon = await fetch(`${app.url}/api/v1/voter-changes?scope=nation`);
    expect(anon.status).toBe(401);
  });

  it('streams the new denominators to a display watching the commune', async () => {
    const a = areas[7]!;
    const s = connectViewer(app.url, E());
    try {
      const updates: ScopeUpdate[] = [];
      s.on(EV.updated, (u: ScopeUpdate) => updates.push(u));
      const ack = await new Promise<Ack<SubscribeResult>>((r) =>
        s.emit(EV.subscribe, { scope: `commune:${a.communeCode}` }, r),
      );
      if (!ack.ok || ack.data.mode !== 'snapshot') throw new Error('expected a snapshot');
      // Turnout scopes carry Figures (counting scopes, CountFigures, have no `registered`).
      const registered = (f: object) => ('registered' in f ? (f as Figures).registered : -1);
      const reg = registered(ack.data.snapshot.figures);
      const c = await change({
        pollingAreaId: a.id,
        reason: 'added-late',
        count: 6,
        effectiveAt: atLocal(day(), '16:00'),
      });
      expect(c.status).toBe(201);
      await waitFor(() => updates.some((u) => registered(u.figures) === reg + 6), 5000, 'registered update');
      const u = updates.find((x) => registered(x.figures) === reg + 6)!;
      expect(u.toSeq).toBe(ack.data.snapshot.seq + 1);
      expect(u.children[a.id]!.registered).toBe(c.body.registeredAfter.na);
    } finally {
      s.close();
    }
  });

  it('a live election refuses changes once the area has closed', async () => {
    const live = await seedElection(redis, { mode: 'live' });
    const a = live.data.areas[0]!;
    const r = await post(
      app.url,
      '/api/v1/voter-changes',
      live.nationToken,
      { pollingAreaId: a.id, reason: 'moved-in', count: 1 },
      'live-key-0001',
    );
    expect(r.body.error.code).toBe('POLLS_CLOSED');
  });
});

describe('§5 voter-change report', () => {
  it('by commune, province and nation for a period, as JSON, XLSX and PDF in Vietnamese', async () => {
    const a = areas[6]!;
    const q = (scope: string, extra = '') =>
      get(`/voter-changes/report?scope=${scope}&from=${encodeURIComponent(atLocal(day(), '15:00'))}${extra}`);
    const before = await q(`province:${a.provinceCode}`);
    const nationBefore = (await q('nation')).body.total.removed as number;
    await change({ pollingAreaId: a.id, reason: 'moved-out', count: 7, effectiveAt: atLocal(day(), '15:10') });
    await change({ pollingAreaId: a.id, reason: 'deceased', count: 2, effectiveAt: atLocal(day(), '15:20') });
    const prov = await q(`province:${a.provinceCode}`);
    expect(prov.status).toBe(200);
    const row = prov.body.rows.find((r: { code: string }) => r.code === a.communeCode);
    const rowBefore = before.body.rows.find((r: { code: string }) => r.code === a.communeCode);
    expect(row.byReason['moved-out'] - rowBefore.byReason['moved-out']).toBe(7);
    expect(row.removed - rowBefore.removed).toBe(9);
    expect(row.endNa - row.startNa).toBe(row.net.na);
    const commune = await q(`commune:${a.communeCode}`);
    expect(commune.body.rowKind).toBe('area');
    expect(commune.body.rows.find((r: { code: string }) => r.code === a.id).removed).toBe(9);
    const nation = await q('nation');
    expect(nation.body.total.removed - nationBefore).toBe(9);
    const commune2 = await get(
      `/voter-changes/report?scope=commune:${a.communeCode}&to=${encodeURIComponent(atLocal(day(), '15:15'))}`,
    );
    const areaRow = commune2.body.rows.find((r: { code: string }) => r.code === a.id);
    const later = (await get(`/voter-changes?scope=area:${a.id}`)).body.changes as {
      effectiveAt: string;
      delta: { na: number };
    }[];
    const cut = Date.parse(atLocal(day(), '15:15'));
    const afterCut = later.filter((c) => Date.parse(c.effectiveAt) > cut).reduce((s, c) => s + c.delta.na, 0);
    expect(areaRow.endNa).toBe(Number(await redis.hGet(electionKeys(E()).area(a.id), 'reg')) - afterCut);

    const xlsx = await fetch(`${app.url}/api/v1/voter-changes/report?scope=province:${a.provinceCode}&format=xlsx`, {
      headers: { authorization: `Bearer ${seed.nationToken}` },
    });
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toMatch(/BIẾN ĐỘNG DANH SÁCH CỬ TRI/);
    const header = (ws.getRow(4).values as unknown[]).map(String);
    expect(header).toContain('Giảm: Chuyển đi');
    const lastRow = ws.getRow(ws.rowCount);
    expect(lastRow.getCell(2).value).toBe('Tổng cộng');

    const pdf = await fetch(`${app.url}/api/v1/voter-changes/report?scope=commune:${a.communeCode}&format=pdf`, {
      headers: { authorization: `Bearer ${seed.nationToken}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ecc-vr-'));
    writeFileSync(join(dir, 'r.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/BÁO CÁO BIẾN ĐỘNG DANH SÁCH CỬ TRI/);
    expect(text).toMatch(/Khu vực bỏ phiếu/);
  });
});
