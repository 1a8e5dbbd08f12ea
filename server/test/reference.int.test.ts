import { generateSmall } from '@ecc/fixtures';
import { canonicalReference, parseCsv } from '@ecc/shared';
import type { ReferenceData } from '@ecc/shared';
import { describe, expect, it } from 'vitest';
import { electionKeys } from '../src/store/keys.js';
import { readReference } from '../src/store/reference-read.js';
import { loadReference } from '../src/store/reference.store.js';
import { withSession } from './accounts.js';
import { electionDigest } from './digest.js';
import { uniqueElectionId } from './helpers.js';
import { draftElection, exportCsv, importCsv, rawRequest, useReferenceApp, XLSX } from './reference-helpers.js';

const c = useReferenceApp();
const draft = (kind?: string, extra?: Record<string, unknown>) => draftElection(c, kind, extra);
const raw = (method: string, path: string, body?: Buffer | string, type?: string) =>
  rawRequest(c, method, path, body, type);

const content = (d: ReferenceData) => {
  const { provinces, communes, areas, units, candidates } = d;
  return canonicalReference({ provinces, communes, areas, units, candidates });
};

describe('issue 9: import from the committees’ spreadsheets', () => {
  it('round trip: export as XLSX → import into a new election → the same reference data', async () => {
    const target = await draft();
    const x = await raw('GET', `/api/v1/elections/${c.source.data.election.id}/reference.xlsx`);
    expect(x.headers.get('content-type')).toBe(XLSX);
    const book = Buffer.from(await x.arrayBuffer());
    const preview = await raw('POST', `/api/v1/elections/${target}/reference/import?dryRun=1`, book, XLSX);
    const p = (await preview.json()) as Record<string, any>;
    expect(p.errors).toBe(0);
    expect(p.applied).toBe(false);
    expect(p.summary.areas).toBe(c.source.data.areas.length);
    expect(await c.redis.exists(electionKeys(target).loaded)).toBe(0); // a preview writes nothing

    const applied = (await (
      await raw('POST', `/api/v1/elections/${target}/reference/import`, book, XLSX)
    ).json()) as Record<string, any>;
    expect(applied).toMatchObject({ applied: true, changed: true, errors: 0 });
    expect(content((await readReference(c.redis, target))!)).toEqual(content(c.source.data));
    // Figures work on the imported election: its nation totals equal the source's.
    const nation = await (await fetch(`${c.app.url}/api/v1/scopes/nation?election=${target}`)).json();
    expect((nation as { figures: { registered: number } }).figures.registered).toBe(
      c.source.data.areas.reduce((s, a) => s + a.registered.na, 0),
    );

    // Re-importing the same content (as CSV this time) changes nothing.
    const before = await electionDigest(c.redis, target);
    const sheets = Object.fromEntries(
      await Promise.all(['areas', 'units', 'candidates', 'early'].map(async (k) => [k, await exportCsv(c, target, k)])),
    );
    const again = await importCsv(c, target, sheets);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, applied: false });
    expect(await electionDigest(c.redis, target)).toBe(before);
  });

  it('a file with errors is refused whole, errors per sheet, row and column in Vietnamese and English; nothing written', async () => {
    const target = await draft();
    const areas = await exportCsv(c, c.source.data.election.id, 'areas');
    const rows = parseCsv(areas);
    rows[3]![5] = '5000'; // §1.2 over 4,000 voters
    rows[5]![0] = '99999'; // unknown commune
    const bad = rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');
    const units = await exportCsv(c, c.source.data.election.id, 'units');
    const before = await electionDigest(c.redis, target);
    const r = await importCsv(c, target, { areas: bad, units });
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
    expect(await electionDigest(c.redis, target)).toBe(before);
  });

  it('templates download with Vietnamese headers; a locked election refuses imports; unknown files are refused', async () => {
    const t = await fetch(`${c.app.url}/api/v1/reference/templates/candidates.csv`);
    expect((await t.text()).split('\r\n')[0]).toContain('Họ và tên,Ngày sinh,Giới tính,Dân tộc');
    const x = await fetch(`${c.app.url}/api/v1/reference/template.xlsx`);
    expect(x.headers.get('content-type')).toBe(XLSX);
    const target = await draft();
    await withSession(c.app.url, c.admin, 'POST', `/api/v1/elections/${target}/status`, { status: 'locked' });
    const r = await importCsv(c, target, { areas: await exportCsv(c, c.source.data.election.id, 'areas') });
    expect(r.body.error.code).toBe('REFERENCE_LOCKED');
    const junk = await raw('POST', `/api/v1/elections/${target}/reference/import`, Buffer.from('not a zip'), XLSX);
    expect(junk.status).toBe(415);
  });
});

describe('issue 9: re-votes and additional votes from a unit of a finished election (§2.8)', () => {
  it('carries the unit’s polling areas and candidates into a new draft election of that contest only', async () => {
    const data = generateSmall({ seed: 7, election: { id: uniqueElectionId('fin'), mode: 'simulation' } });
    await loadReference(c.redis, data);
    const unit = data.units.find((u) => u.contest === 'pc')!;
    const ask = (date: string) =>
      withSession(c.app.url, c.admin, 'POST', '/api/v1/elections', {
        id: uniqueElectionId('rv'),
        name: 'Bầu cử lại đơn vị 1',
        kind: 're-vote',
        date,
        from: { election: data.election.id, unit: unit.id },
      });
    expect((await ask('2026-03-22')).body.error.code).toBe('PARENT_NOT_CLOSED');
    await c.redis.hSet('ecc:elections', data.election.id, JSON.stringify({ ...data.election, status: 'closed' }));
    expect((await ask('2026-04-15')).body.error.code).toBe('REPEAT_DATE');
    const r = await ask('2026-03-22');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.election).toMatchObject({
      kind: 're-vote',
      contests: ['pc'],
      status: 'draft',
      parent: { unit: unit.id },
    });
    const copy = (await readReference(c.redis, r.body.election.id))!;
    expect(copy.areas.map((a) => a.id).sort()).toEqual(
      data.areas
        .filter((a) => a.units.pc === unit.id)
        .map((a) => a.id)
        .sort(),
    );
    expect(copy.areas.every((a) => a.votingDate === '2026-03-22')).toBe(true);
    expect(copy.units).toEqual([unit]);
    expect(copy.candidates).toEqual(data.candidates.filter((c) => c.unitId === unit.id));
    const nation = (await (await fetch(`${c.app.url}/api/v1/scopes/nation?election=${r.body.election.id}`)).json()) as {
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
    await loadReference(c.redis, data);
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
    const real = await raw('GET', `/api/v1/elections/${c.source.data.election.id}/reference/areas.csv`);
    expect((await real.text()).includes('DIỄN TẬP')).toBe(false);
  });
});
