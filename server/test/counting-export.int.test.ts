import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Candidate, PollingArea } from '@ecc/shared';
import { parseCsv } from '@ecc/shared';
import { countingGet, freshKey, recordFor, submitRecord } from './counting-helpers.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { readXlsx } from '../src/export/results-files.js';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let unitAreas: PollingArea[];
let unitId: string;
const HOSTILE = '=HYPERLINK("http://x","Nguyễn")';
const E = () => seed.data.election.id;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  unitId = seed.data.units.find((u) => u.contest === 'na')!.id;
  unitAreas = seed.data.areas.filter((a) => a.units.na === unitId).slice(0, 4);
  // A candidate name a spreadsheet would take for a formula (reference data comes from committees' files).
  const cands = seed.data.candidates.filter((c) => c.unitId === unitId);
  cands[cands.length - 1] = { ...cands[cands.length - 1]!, fullName: HOSTILE } as Candidate;
  await redis.set(electionKeys(E()).candidates(unitId), JSON.stringify(cands));
  seed.data.candidates = seed.data.candidates.filter((c) => c.unitId !== unitId).concat(cands);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: E() });
  for (const [i, a] of unitAreas.entries()) {
    const r = await submitRecord(
      app.url,
      seed.teamTokens.get(a.id)!,
      recordFor(seed, a, 'na', '19:30', { turnout: 0.9 }, i + 1),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    if (i < 3) {
      const d = await post(
        app.url,
        `/api/v1/counting/records/${a.id}/na/decision`,
        seed.nationToken,
        { action: 'confirm', version: 1, at: atLocal(a.votingDate, '22:00') },
        freshKey(),
      );
      expect(d.status).toBe(201);
    }
  }
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const download = async (q: string) => {
  const res = await fetch(`${app.url}/api/v1/results/export?election=${E()}&${q}`);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};

describe('results exports (§2.9) and their round trips', () => {
  it('CSV and XLSX by unit carry the same rows, equal to the unit results, with formula-like cells neutralised', async () => {
    const csv = parseCsv((await download('level=unit&format=csv&contest=na')).toString('utf8'));
    const [xlsx] = await readXlsx(await download('level=unit&format=xlsx&contest=na'));
    expect(xlsx!.header).toEqual(csv[0]);
    // The CSV holds text; the XLSX keeps numbers as numbers: equal once printed.
    expect(xlsx!.rows.map((r) => r.map(String))).toEqual(csv.slice(1));
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    const mine = csv.slice(1).filter((r) => r[col('don_vi')] === unitId);
    const view = await countingGet(app.url, E(), `/counting/units/${unitId}`);
    expect(mine).toHaveLength(view.confirmed.candidates.length);
    for (const c of view.confirmed.candidates as { id: string; votes: number; share: number; elected: boolean }[]) {
      const row = mine.find((r) => r[col('nguoi_ung_cu')] === c.id)!;
      expect(Number(row[col('so_phieu')])).toBe(c.votes);
      expect(Number(row[col('ty_le_phieu_hop_le')])).toBe(c.share);
      expect(row[col('trung_cu')]).toBe(c.elected ? '1' : '0');
    }
    expect(Number(mine[0]![col('da_xac_nhan')])).toBe(3);
    const names = mine.map((r) => r[col('ho_ten')]);
    expect(names).toContain(`'${HOSTILE}`);
    expect(names).not.toContain(HOSTILE);
  });

  it('CSV and XLSX by polling area and by province round-trip to the same numbers as the API', async () => {
    const areaCsv = parseCsv((await download('level=area&format=csv&layer=provisional')).toString('utf8'));
    const [areaX] = await readXlsx(await download('level=area&format=xlsx'));
    expect(areaX!.rows.map((r) => r.map(String))).toEqual(areaCsv.slice(1));
    expect(areaCsv.length - 1).toBe(seed.data.areas.length * 3);
    const h = areaCsv[0]!;
    for (const a of unitAreas) {
      const row = areaCsv.find((r) => r[h.indexOf('khu_vuc')] === a.id && r[h.indexOf('cuoc_bau_cu')] === 'na')!;
      const rec = await countingGet(app.url, E(), `/counting/records/${a.id}/na`);
      expect(Number(row[h.indexOf('hop_le')])).toBe(
        rec.history.at(-1).record?.valid ?? rec.history.at(-2).record.valid,
      );
    }
    const prov = parseCsv((await download('level=province&format=csv&layer=provisional&contest=na')).toString('utf8'));
    const ph = prov[0]!;
    const nationValid = prov.slice(1).reduce((s, r) => s + Number(r[ph.indexOf('hop_le')]), 0);
    const nation = await countingGet(app.url, E(), '/counting/scopes/nation?contest=na');
    expect(nationValid).toBe(nation.figures.valid);
    const [provX] = await readXlsx(await download('level=province&format=xlsx&layer=provisional&contest=na'));
    expect(provX!.rows.map((r) => r.map(String))).toEqual(prov.slice(1));
  });

  it('the Election Board’s unit result record is a PDF whose text keeps the Vietnamese names', async () => {
    const res = await fetch(`${app.url}/api/v1/counting/units/${unitId}/record.pdf?election=${E()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ecc-unit-pdf-'));
    writeFileSync(join(dir, 'u.pdf'), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'u.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ Ở ĐƠN VỊ BẦU CỬ');
    expect(text).toContain('TẠM TÍNH: 3/');
    expect(text).toContain('Số phiếu không hợp lệ');
    const unit = seed.data.units.find((u) => u.id === unitId)!;
    expect(text).toContain(unit.name);
    for (const c of seed.data.candidates.filter((x) => x.unitId === unitId && x.fullName !== HOSTILE))
      expect(text).toContain(c.fullName);
    const fonts = execFileSync('pdffonts', [join(dir, 'u.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans.*yes/); // embedded
  });
});
