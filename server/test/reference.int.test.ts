import { generateSmall } from '@ecc/fixtures';
import { canonicalReference, parseCsv } from '@ecc/shared';
import type { ReferenceData } from '@ecc/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { readReference } from '../src/store/reference-read.js';
import { loadReference } from '../src/store/reference.store.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { electionDigest } from './digest.js';
import { recomputedTotals, storedTotals } from './recompute.js';
import { atLocal, post, redisClient, seedElection, startApp, uniqueElectionId } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let app: RunningApp;
let redis: Redis;
let source: Seeded;
let admin: Session;

const content = (d: ReferenceData) => {
  const { provinces, communes, areas, units, candidates } = d;
  return canonicalReference({ provinces, communes, areas, units, candidates });
};

async function draft(kind = 'general', extra: Record<string, unknown> = {}): Promise<string> {
  const id = uniqueElectionId('ref');
  const r = await withSession(app.url, admin, 'POST', '/api/v1/elections', {
    id,
    name: 'Bầu cử thử',
    kind,
    date: source.data.election.date,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return id;
}

async function raw(method: string, path: string, body?: Buffer | string, type?: string) {
  const headers: Record<string, string> = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
  if (type) headers['content-type'] = type;
  const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
  return fetch(app.url + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
}

async function exportCsv(election: string, sheet: string): Promise<string> {
  const r = await raw('GET', `/api/v1/elections/${election}/reference/${sheet}.csv`);
  expect(r.status).toBe(200);
  return r.text();
}

const importCsv = (election: string, sheets: Record<string, string>, dryRun = false) =>
  withSession(app.url, admin, 'POST', `/api/v1/elections/${election}/reference/import${dryRun ? '?dryRun=1' : ''}`, {
    sheets,
  });

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  source = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: source.data.election.id });
  admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, source.data.election.id)))
    .session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('issue 9: import from the committees’ spreadsheets', () => {
  it('round trip: export as XLSX → import into a new election → the same reference data', async () => {
    const target = await draft();
    const x = await raw('GET', `/api/v1/elections/${source.data.election.id}/reference.xlsx`);
    expect(x.headers.get('content-type')).toBe(XLSX);
    const book = Buffer.from(await x.arrayBuffer());
    const preview = await raw('POST', `/api/v1/elections/${target}/reference/import?dryRun=1`, book, XLSX);
    const p = (await preview.json()) as Record<string, any>;
    expect(p.errors).toBe(0);
    expect(p.applied).toBe(false);
    expect(p.summary.areas).toBe(source.data.areas.length);
    expect(await redis.exists(electionKeys(target).loaded)).toBe(0); // a preview writes nothing

    const applied = (await (
      await raw('POST', `/api/v1/elections/${target}/reference/import`, book, XLSX)
    ).json()) as Record<string, any>;
    expect(applied).toMatchObject({ applied: true, changed: true, errors: 0 });
    expect(content((await readReference(redis, target))!)).toEqual(content(source.data));
    // Figures work on the imported election: its nation totals equal the source's.
    const nation = await (await fetch(`${app.url}/api/v1/scopes/nation?election=${target}`)).json();
    expect((nation as { figures: { registered: number } }).figures.registered).toBe(
      source.data.areas.reduce((s, a) => s + a.registered.na, 0),
    );

    // Re-importing the same content (as CSV this time) changes nothing.
    const before = await electionDigest(redis, target);
    const sheets = Object.fromEntries(
      await Promise.all(['areas', 'units', 'candidates', 'early'].map(async (k) => [k, await exportCsv(target, k)])),
    );
    const again = await importCsv(target, sheets);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, applied: false });
    expect(await electionDigest(redis, target)).toBe(before);
  });

  it('a file with errors is refused whole, errors per sheet, row and column in Vietnamese and English; nothing written', async () => {
    const target = await draft();
    const areas = await exportCsv(source.data.election.id, 'areas');
    const rows = parseCsv(areas);
    rows[3]![5] = '5000'; // §1.2 over 4,000 voters
    rows[5]![0] = '99999'; // unknown commune
    const bad = rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
    const units = await exportCsv(source.data.election.id, 'units');
    const before = await electionDigest(redis, target);
    const r = await importCsv(target, { areas: bad, units });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('REFERENCE_INVALID');
    const issues = r.body.error.detail.issues as {
      sheet: string;
      row: number;
      column: string;
      vi: string;
      en: string;
    }[];
    expect(issues).toContainEqual(
      expect.objectContaining({ sheet: 'areas', row: 4, column: 'Cử tri bầu ĐBQH', code: 'AREA_TOO_LARGE' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ sheet: 'areas', row: 6, column: 'Mã xã', code: 'UNKNOWN_COMMUNE' }),
    );
    expect(issues.every((i) => i.vi && i.en)).toBe(true);
    expect(await electionDigest(redis, target)).toBe(before);
  });

  it('templates download with Vietnamese headers; a locked election refuses imports; unknown files are refused', async () => {
    const t = await fetch(`${app.url}/api/v1/reference/templates/candidates.csv`);
    expect((await t.text()).split('\r\n')[0]).toContain('Họ và tên,Ngày sinh,Giới tính,Dân tộc');
    const x = await fetch(`${app.url}/api/v1/reference/template.xlsx`);
    expect(x.headers.get('content-type')).toBe(XLSX);
    const target = await draft();
    await withSession(app.url, admin, 'POST', `/api/v1/elections/${target}/status`, { status: 'locked' });
    const r = await importCsv(target, { areas: await exportCsv(source.data.election.id, 'areas') });
    expect(r.body.error.code).toBe('REFERENCE_LOCKED');
    const junk = await raw('POST', `/api/v1/elections/${target}/reference/import`, Buffer.from('not a zip'), XLSX);
    expect(junk.status).toBe(415);
  });
});

describe('issue 9: maintaining reference data', () => {
  async function loaded(): Promise<ReferenceData> {
    const id = uniqueElectionId('mnt');
    const data = generateSmall({ seed: 7, election: { id, mode: 'simulation' } });
    await loadReference(redis, data);
    return data;
  }

  it('edit voters and move an area between units after reports: aggregates equal a recomputation', async () => {
    const data = await loaded();
    const e = data.election.id;
    // A commune with two commune-council units: move one area from one to the other.
    const area = data.areas.find((a) =>
      data.areas.some(
        (b) =>
          b.communeCode === a.communeCode &&
          b.units.cc !== a.units.cc &&
          data.areas.filter((c) => c.units.cc === a.units.cc).length > 1,
      ),
    )!;
    const other = data.areas.find((b) => b.communeCode === area.communeCode && b.units.cc !== area.units.cc)!.units.cc;
    const team = (await seedTokens(data)).get(area.id)!;
    const rep = await post(
      app.url,
      '/api/v1/turnout',
      team,
      { pollingAreaId: area.id, voted: 200, at: atLocal(data.election.date, '09:00') },
      `mnt-${e}`,
    );
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);

    const r = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      registered: { na: area.registered.na + 37, pc: area.registered.pc + 37, cc: area.registered.cc + 20 },
      units: { cc: other },
      address: 'Nhà văn hóa mới',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const now = (await readReference(redis, e))!;
    expect(now.areas.find((a) => a.id === area.id)).toMatchObject({ address: 'Nhà văn hóa mới', units: { cc: other } });
    expect(await storedTotals(redis, now)).toEqual(await recomputedTotals(redis, now));
    // Units: voters per unit equal the sum over their areas, for all three contests; the moved votes followed.
    for (const c of ['na', 'pc', 'cc'] as const) {
      const stored = await redis.hGetAll(electionKeys(e).unitRegistered(c));
      for (const u of now.units.filter((x) => x.contest === c)) {
        const sum = now.areas.filter((a) => a.units[c] === u.id).reduce((s, a) => s + a.registered[c], 0);
        expect(Number(stored[u.id]), u.id).toBe(sum);
      }
    }
    // Counting's view of the units (§2.6: the records each unit expects) follows the move too.
    const K = electionKeys(e);
    expect(await redis.lRange(K.unitAreas(area.units.cc), 0, -1)).not.toContain(area.id);
    expect(await redis.lRange(K.unitAreas(other), 0, -1)).toContain(area.id);
    for (const u of [area.units.cc, other])
      expect(Number(await redis.hGet(K.countTotals('cc', `unit:${u}`), 'areas'))).toBe(
        now.areas.filter((a) => a.units.cc === u).length,
      );
    const voted = await redis.hGetAll(electionKeys(e).unitVoted('cc'));
    expect(Number(voted[area.units.cc])).toBe(0);
    expect(Number(voted[other])).toBeGreaterThan(0);
    // The ingest script reads an area's units from its packed facts (`w`): a report after the move counts there.
    const later = await post(
      app.url,
      '/api/v1/turnout',
      team,
      { pollingAreaId: area.id, voted: 260, at: atLocal(data.election.date, '10:00') },
      `mnt2-${e}`,
    );
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    const votedLater = await redis.hGetAll(electionKeys(e).unitVoted('cc'));
    expect(Number(votedLater[area.units.cc])).toBe(0);
    expect(Number(votedLater[other])).toBeGreaterThan(Number(voted[other]));
    expect(await storedTotals(redis, now)).toEqual(await recomputedTotals(redis, now));

    // Fewer voters than already voted, a unit of another commune: refused, nothing written.
    const before = await electionDigest(redis, e);
    const low = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      registered: { na: 100, pc: 100, cc: 100 },
    });
    expect(low.body.error.code).toBe('VOTED_EXCEEDS_REGISTERED');
    const far = data.units.find((u) => u.contest === 'cc' && u.communeCode !== area.communeCode)!;
    const wrong = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      units: { cc: far.id },
    });
    expect(wrong.status).toBe(422);
    expect(await electionDigest(redis, e)).toBe(before);
  });

  it('after the lock a change needs a reason, which the audit chain keeps; committees edit only inside their jurisdiction', async () => {
    const data = await loaded();
    const e = data.election.id;
    const area = data.areas[0]!;
    await redis.hSet('ecc:elections', e, JSON.stringify({ ...data.election, status: 'locked' }));
    const no = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1A',
    });
    expect(no.body.error.code).toBe('REASON_REQUIRED');
    const yes = await withSession(app.url, admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1A',
      reason: 'Quyết định 12/QĐ-UBND đổi tên',
    });
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    const last = (await redis.xRevRange(electionKeys(e).audit, '+', '-', { COUNT: 1 }))[0]!.message;
    expect(last.act).toBe('reference:area');
    expect(JSON.parse(last.detail!)).toMatchObject({ reason: 'Quyết định 12/QĐ-UBND đổi tên', locked: true });

    const elsewhere = data.areas.find((a) => a.provinceCode !== area.provinceCode)!;
    const committee = (
      await signIn(
        app.url,
        await makeAccount(
          redis,
          'commune-committee',
          { level: 'commune', province: area.provinceCode, commune: area.communeCode },
          e,
        ),
      )
    ).session;
    const before = await electionDigest(redis, e);
    const denied = await withSession(app.url, committee, 'PATCH', `/api/v1/elections/${e}/areas/${elsewhere.id}`, {
      name: 'x',
      reason: 'thử quyền',
    });
    expect(denied.status).toBe(403);
    expect(await electionDigest(redis, e)).toBe(before);
    const own = await withSession(app.url, committee, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1B',
      reason: 'sửa lỗi chính tả',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('withdrawing a candidate keeps them on record with reason and date; dossier and photo read publicly', async () => {
    const data = await loaded();
    const e = data.election.id;
    const cand = data.candidates.find((c) => c.unitId.startsWith('na-'))!;
    const w = await withSession(app.url, admin, 'POST', `/api/v1/elections/${e}/candidates/${cand.id}/withdraw`, {
      reason: 'Lý do sức khỏe',
      date: '2026-03-01',
    });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.warnings[0].code).toBe('TOO_FEW_CANDIDATES'); // fixtures list exactly the §2.3 minimum
    const again = await withSession(app.url, admin, 'POST', `/api/v1/elections/${e}/candidates/${cand.id}/withdraw`, {
      reason: 'Lý do khác',
      date: '2026-03-02',
    });
    expect(again.body.error.code).toBe('ALREADY_WITHDRAWN');

    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);
    expect((await raw('PUT', `/api/v1/elections/${e}/candidates/${cand.id}/photo`, jpeg, 'image/jpeg')).status).toBe(
      204,
    );
    const fake = await raw(
      'PUT',
      `/api/v1/elections/${e}/candidates/${cand.id}/photo`,
      Buffer.from('<svg/>'),
      'image/png',
    );
    expect(fake.status).toBe(415);

    const d = (await (await fetch(`${app.url}/api/v1/candidates/${cand.id}?election=${e}`)).json()) as Record<
      string,
      any
    >;
    expect(d.candidate).toMatchObject({
      fullName: cand.fullName,
      status: 'withdrawn',
      workplace: cand.workplace,
      withdrawal: { reason: 'Lý do sức khỏe', date: '2026-03-01' },
    });
    // Who recorded the withdrawal is not published (it is an account name; the audit log keeps it).
    expect(Object.keys(d.candidate.withdrawal).sort()).toEqual(['date', 'reason']);
    expect(d.unit).toMatchObject({ id: cand.unitId, seats: expect.any(Number), provinceName: expect.any(String) });
    const photo = await fetch(app.url + d.candidate.photoUrl);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
    const list = (await (
      await fetch(`${app.url}/api/v1/units/${cand.unitId}/candidates?election=${e}`)
    ).json()) as Record<string, any>;
    expect(list.candidates.length).toBe(data.candidates.filter((c) => c.unitId === cand.unitId).length);
    expect((await fetch(`${app.url}/api/v1/candidates/c-na-99-99-01?election=${e}`)).status).toBe(404);

    // Withdrawal survives a re-import of the same lists (history), and the re-import changes nothing.
    const before = await electionDigest(redis, e);
    const sheets = Object.fromEntries(
      await Promise.all(['areas', 'units', 'candidates', 'early'].map(async (k) => [k, await exportCsv(e, k)])),
    );
    expect((await importCsv(e, sheets)).body).toMatchObject({ changed: false });
    expect(await electionDigest(redis, e)).toBe(before);
  });
});

describe('issue 9: re-votes and additional votes from a unit of a finished election (§2.8)', () => {
  it('carries the unit’s polling areas and candidates into a new draft election of that contest only', async () => {
    const data = generateSmall({ seed: 7, election: { id: uniqueElectionId('fin'), mode: 'simulation' } });
    await loadReference(redis, data);
    const unit = data.units.find((u) => u.contest === 'pc')!;
    const ask = (date: string) =>
      withSession(app.url, admin, 'POST', '/api/v1/elections', {
        id: uniqueElectionId('rv'),
        name: 'Bầu cử lại đơn vị 1',
        kind: 're-vote',
        date,
        from: { election: data.election.id, unit: unit.id },
      });
    expect((await ask('2026-03-22')).body.error.code).toBe('PARENT_NOT_CLOSED');
    await redis.hSet('ecc:elections', data.election.id, JSON.stringify({ ...data.election, status: 'closed' }));
    expect((await ask('2026-04-15')).body.error.code).toBe('REPEAT_DATE');
    const r = await ask('2026-03-22');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.election).toMatchObject({
      kind: 're-vote',
      contests: ['pc'],
      status: 'draft',
      parent: { unit: unit.id },
    });
    const copy = (await readReference(redis, r.body.election.id))!;
    expect(copy.areas.map((a) => a.id).sort()).toEqual(
      data.areas
        .filter((a) => a.units.pc === unit.id)
        .map((a) => a.id)
        .sort(),
    );
    expect(copy.areas.every((a) => a.votingDate === '2026-03-22')).toBe(true);
    expect(copy.units).toEqual([unit]);
    expect(copy.candidates).toEqual(data.candidates.filter((c) => c.unitId === unit.id));
    const nation = (await (await fetch(`${app.url}/api/v1/scopes/nation?election=${r.body.election.id}`)).json()) as {
      figures: { registered: number };
    };
    expect(nation.figures.registered).toBe(copy.areas.reduce((s, a) => s + a.registered.na, 0));
  });
});

describe('issue 9: every export of a drill is marked', () => {
  it('reference CSV, audit CSV and provisioning CSV start with DIỄN TẬP / DRILL; PDF sheets too', async () => {
    const data = generateSmall({
      seed: 7,
      election: { id: uniqueElectionId('dt'), kind: 'drill', mode: 'simulation' },
    });
    await loadReference(redis, data);
    const e = data.election.id;
    const ref = await raw('GET', `/api/v1/elections/${e}/reference/areas.csv`);
    expect(ref.headers.get('content-disposition')).toContain('DIEN-TAP-');
    expect((await ref.text()).replace('\uFEFF', '').startsWith(`DIỄN TẬP / DRILL,${e}`)).toBe(true);
    const commune = data.areas.at(-1)!.communeCode;
    const prov = await raw(
      'POST',
      `/api/v1/accounts/provision?election=${e}&format=csv`,
      JSON.stringify({ commune }),
      'application/json',
    );
    expect(prov.status).toBe(201);
    const sheet = (await prov.text()).replace('\uFEFF', '');
    expect(sheet.startsWith('DIỄN TẬP / DRILL')).toBe(true);
    // A drill's accounts carry its id: they never take or skip the general election's names.
    expect(sheet).toContain(`${e}.tbc-${commune}-0001`);
    expect(sheet).not.toMatch(/\n[^,]*,tbc-/);
    const audit = await raw('GET', `/api/v1/audit?election=${e}&format=csv`);
    expect((await audit.text()).replace('\uFEFF', '').startsWith('DIỄN TẬP / DRILL')).toBe(true);
    const pdf = await raw(
      'POST',
      `/api/v1/accounts/provision?election=${e}&format=pdf`,
      JSON.stringify({ commune: data.areas.at(-2)!.communeCode }),
      'application/json',
    );
    expect(pdf.headers.get('content-disposition')).toContain('DIEN-TAP-');
    const results = await raw('GET', `/api/v1/results/export?election=${e}&level=province&format=csv`);
    expect(results.status).toBe(200);
    expect(results.headers.get('content-disposition')).toContain('DIEN-TAP-');
    expect((await results.text()).replace('\uFEFF', '').startsWith('DIỄN TẬP / DRILL')).toBe(true);
    // A real election's exports are not marked.
    const real = await raw('GET', `/api/v1/elections/${source.data.election.id}/reference/areas.csv`);
    expect((await real.text()).includes('DIỄN TẬP')).toBe(false);
  });
});

async function seedTokens(data: ReferenceData): Promise<Map<string, string>> {
  const { issueTokens, reporterPrincipals } = await import('../src/store/tokens.store.js');
  const principals = reporterPrincipals(data);
  const tokens = await issueTokens(redis, principals);
  const m = new Map<string, string>();
  principals.forEach((p, i) => p.role === 'polling-team' && m.set(p.areaId, tokens[i]!));
  return m;
}
