import { generateSmall } from '@ecc/fixtures';
import type { ReferenceData } from '@ecc/shared';
import { describe, expect, it } from 'vitest';
import { electionKeys } from '../src/store/keys.js';
import { readReference } from '../src/store/reference-read.js';
import { loadReference } from '../src/store/reference.store.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import { electionDigest } from './digest.js';
import { recomputedTotals, storedTotals } from './recompute.js';
import { atLocal, post, uniqueElectionId } from './helpers.js';
import { exportCsv, importCsv, rawRequest, seedTokens, useReferenceApp } from './reference-helpers.js';

const c = useReferenceApp();
const raw = (method: string, path: string, body?: Buffer | string, type?: string) =>
  rawRequest(c, method, path, body, type);

describe('issue 9: maintaining reference data', () => {
  async function loaded(): Promise<ReferenceData> {
    const id = uniqueElectionId('mnt');
    const data = generateSmall({ seed: 7, election: { id, mode: 'simulation' } });
    await loadReference(c.redis, data);
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
    const team = (await seedTokens(c.redis, data)).get(area.id)!;
    const rep = await post(
      c.app.url,
      '/api/v1/turnout',
      team,
      { pollingAreaId: area.id, voted: 200, at: atLocal(data.election.date, '09:00') },
      `mnt-${e}`,
    );
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);

    const r = await withSession(c.app.url, c.admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      registered: { na: area.registered.na + 37, pc: area.registered.pc + 37, cc: area.registered.cc + 20 },
      units: { cc: other },
      address: 'Nhà văn hóa mới',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const now = (await readReference(c.redis, e))!;
    expect(now.areas.find((a) => a.id === area.id)).toMatchObject({ address: 'Nhà văn hóa mới', units: { cc: other } });
    expect(await storedTotals(c.redis, now)).toEqual(await recomputedTotals(c.redis, now));
    // Units: voters per unit equal the sum over their areas, for all three contests; the moved votes followed.
    for (const contest of ['na', 'pc', 'cc'] as const) {
      const stored = await c.redis.hGetAll(electionKeys(e).unitRegistered(contest));
      for (const u of now.units.filter((x) => x.contest === contest)) {
        const sum = now.areas.filter((a) => a.units[contest] === u.id).reduce((s, a) => s + a.registered[contest], 0);
        expect(Number(stored[u.id]), u.id).toBe(sum);
      }
    }
    // Counting's view of the units (§2.6: the records each unit expects) follows the move too.
    const K = electionKeys(e);
    expect(await c.redis.lRange(K.unitAreas(area.units.cc), 0, -1)).not.toContain(area.id);
    expect(await c.redis.lRange(K.unitAreas(other), 0, -1)).toContain(area.id);
    for (const u of [area.units.cc, other])
      expect(Number(await c.redis.hGet(K.countTotals('cc', `unit:${u}`), 'areas'))).toBe(
        now.areas.filter((a) => a.units.cc === u).length,
      );
    const voted = await c.redis.hGetAll(electionKeys(e).unitVoted('cc'));
    expect(Number(voted[area.units.cc])).toBe(0);
    expect(Number(voted[other])).toBeGreaterThan(0);
    // The ingest script reads an area's units from its packed facts (`w`): a report after the move counts there.
    const later = await post(
      c.app.url,
      '/api/v1/turnout',
      team,
      { pollingAreaId: area.id, voted: 260, at: atLocal(data.election.date, '10:00') },
      `mnt2-${e}`,
    );
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    const votedLater = await c.redis.hGetAll(electionKeys(e).unitVoted('cc'));
    expect(Number(votedLater[area.units.cc])).toBe(0);
    expect(Number(votedLater[other])).toBeGreaterThan(Number(voted[other]));
    expect(await storedTotals(c.redis, now)).toEqual(await recomputedTotals(c.redis, now));

    // Fewer voters than already voted, a unit of another commune: refused, nothing written.
    const before = await electionDigest(c.redis, e);
    const low = await withSession(c.app.url, c.admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      registered: { na: 100, pc: 100, cc: 100 },
    });
    expect(low.body.error.code).toBe('VOTED_EXCEEDS_REGISTERED');
    const far = data.units.find((u) => u.contest === 'cc' && u.communeCode !== area.communeCode)!;
    const wrong = await withSession(c.app.url, c.admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      units: { cc: far.id },
    });
    expect(wrong.status).toBe(422);
    expect(await electionDigest(c.redis, e)).toBe(before);
  });

  it('after the lock a change needs a reason, which the audit chain keeps; committees edit only inside their jurisdiction', async () => {
    const data = await loaded();
    const e = data.election.id;
    const area = data.areas[0]!;
    await c.redis.hSet('ecc:elections', e, JSON.stringify({ ...data.election, status: 'locked' }));
    const no = await withSession(c.app.url, c.admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1A',
    });
    expect(no.body.error.code).toBe('REASON_REQUIRED');
    const yes = await withSession(c.app.url, c.admin, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1A',
      reason: 'Quyết định 12/QĐ-UBND đổi tên',
    });
    expect(yes.status, JSON.stringify(yes.body)).toBe(200);
    const last = (await c.redis.xRevRange(electionKeys(e).audit, '+', '-', { COUNT: 1 }))[0]!.message;
    expect(last.act).toBe('reference:area');
    expect(JSON.parse(last.detail!)).toMatchObject({ reason: 'Quyết định 12/QĐ-UBND đổi tên', locked: true });

    const elsewhere = data.areas.find((a) => a.provinceCode !== area.provinceCode)!;
    const committee = (
      await signIn(
        c.app.url,
        await makeAccount(
          c.redis,
          'commune-committee',
          { level: 'commune', province: area.provinceCode, commune: area.communeCode },
          e,
        ),
      )
    ).session;
    const before = await electionDigest(c.redis, e);
    const denied = await withSession(c.app.url, committee, 'PATCH', `/api/v1/elections/${e}/areas/${elsewhere.id}`, {
      name: 'x',
      reason: 'thử quyền',
    });
    expect(denied.status).toBe(403);
    expect(await electionDigest(c.redis, e)).toBe(before);
    const own = await withSession(c.app.url, committee, 'PATCH', `/api/v1/elections/${e}/areas/${area.id}`, {
      name: 'Khu vực 1B',
      reason: 'sửa lỗi chính tả',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('withdrawing a candidate keeps them on record with reason and date; dossier and photo read publicly', async () => {
    const data = await loaded();
    const e = data.election.id;
    const cand = data.candidates.find((c) => c.unitId.startsWith('na-'))!;
    const w = await withSession(c.app.url, c.admin, 'POST', `/api/v1/elections/${e}/candidates/${cand.id}/withdraw`, {
      reason: 'Lý do sức khỏe',
      date: '2026-03-01',
    });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.warnings[0].code).toBe('TOO_FEW_CANDIDATES'); // fixtures list exactly the §2.3 minimum
    const again = await withSession(
      c.app.url,
      c.admin,
      'POST',
      `/api/v1/elections/${e}/candidates/${cand.id}/withdraw`,
      {
        reason: 'Lý do khác',
        date: '2026-03-02',
      },
    );
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

    const d = (await (await fetch(`${c.app.url}/api/v1/candidates/${cand.id}?election=${e}`)).json()) as Record<
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
    const photo = await fetch(c.app.url + d.candidate.photoUrl);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(jpeg)).toBe(true);
    const list = (await (
      await fetch(`${c.app.url}/api/v1/units/${cand.unitId}/candidates?election=${e}`)
    ).json()) as Record<string, any>;
    expect(list.candidates.length).toBe(data.candidates.filter((c) => c.unitId === cand.unitId).length);
    expect((await fetch(`${c.app.url}/api/v1/candidates/c-na-99-99-01?election=${e}`)).status).toBe(404);

    // Withdrawal survives a re-import of the same lists (history), and the re-import changes nothing.
    const before = await electionDigest(c.redis, e);
    const sheets = Object.fromEntries(
      await Promise.all(['areas', 'units', 'candidates', 'early'].map(async (k) => [k, await exportCsv(c, e, k)])),
    );
    expect((await importCsv(c, e, sheets)).body).toMatchObject({ changed: false });
    expect(await electionDigest(c.redis, e)).toBe(before);
  });
});
