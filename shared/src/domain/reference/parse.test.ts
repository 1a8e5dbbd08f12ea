import { describe, expect, it } from 'vitest';
import type { Commune, Election } from '../../index.js';
import { ISSUES } from './issues.js';
import type { IssueCode } from './issues.js';
import { parseReferenceSheets } from './parse.js';
import { SHEETS, sheetOfHeader } from './sheets.js';
import type { SheetKind } from './sheets.js';

const election: Election = {
  id: 'test-import',
  name: 'Test',
  kind: 'general',
  mode: 'simulation',
  date: '2026-03-15',
  timezone: 'Asia/Ho_Chi_Minh',
  contests: ['na', 'pc', 'cc'],
  windowOpen: '05:00',
  windowClose: '21:00',
  checkpoints: [],
  silentGraceMinutes: 20,
};
const commune = (code: string, provinceCode: string): Commune => ({
  code,
  name: `Xã ${code}`,
  fullName: `Xã ${code}`,
  type: 'xã',
  provinceCode,
  nameAscii: `Xa ${code}`,
});
const communes = new Map(
  [commune('00004', '01'), commune('00008', '01'), commune('10000', '31')].map((c) => [c.code, c]),
);
const H = (k: SheetKind) => SHEETS[k].columns.map((c) => c.vi);

/** A valid election: 2 communes of province 01, 3 areas; one NA unit (1 seat, 3 candidates), one pc, two cc. */
function valid(): Record<SheetKind, string[][]> {
  const cand = (contest: string, commune: string, unit: string, order: number, nomination = 'Địa phương') => [
    contest,
    '01',
    commune,
    unit,
    String(order),
    `Nguyễn Văn ${contest}${unit}${order}`,
    `0${order}/05/1970`,
    order % 2 ? 'Nam' : 'Nữ',
    'Kinh',
    'Giáo viên',
    'Trường Tiểu học',
    nomination,
    '',
  ];
  return {
    areas: [
      H('areas'),
      ['00004', '1', 'KVBP số 1', 'Nhà văn hóa 1', 'Thường', '1.200', '1200', '1150', '', ''],
      ['00004', '2', 'KVBP số 2', 'Nhà văn hóa 2', 'Thường', '900', '900', '900', '21.03', '105.85'],
      ['00008', '1', 'KVBP số 1', 'Trường học', 'Riêng', '120', '120', '100', '', ''],
    ],
    units: [
      H('units'),
      ['ĐBQH', '01', '', '1', 'Đơn vị số 1', '1', '00004; 00008'],
      ['HĐND tỉnh', '01', '', '1', 'Đơn vị số 1', '1', '00004-1..2; 00008-1'],
      ['HĐND xã', '01', '00004', '1', 'Đơn vị số 1', '2', '00004'],
      ['HĐND xã', '01', '00008', '1', 'Đơn vị số 1', '1', '00008-1'],
    ],
    candidates: [
      H('candidates'),
      cand('ĐBQH', '', '1', 1, 'Trung ương'),
      cand('ĐBQH', '', '1', 2),
      cand('ĐBQH', '', '1', 3),
      cand('HĐND tỉnh', '', '1', 1),
      cand('HĐND tỉnh', '', '1', 2),
      cand('HĐND xã', '00004', '1', 1),
      cand('HĐND xã', '00004', '1', 2),
      cand('HĐND xã', '00004', '1', 3),
      cand('HĐND xã', '00008', '1', 1),
      cand('HĐND xã', '00008', '1', 2),
    ],
    early: [H('early'), ['00008', '1', '14/03/2026']],
  };
}

const parse = (s: Partial<Record<SheetKind, string[][]>>) => parseReferenceSheets(s, { election, communes });

/** Changes one cell of a valid file and returns the issues found. */
function withCell(sheet: SheetKind, row: number, key: string, value: string) {
  const s = valid();
  const i = SHEETS[sheet].columns.findIndex((c) => c.key === key);
  s[sheet][row - 1]![i] = value;
  return parse(s);
}

const seen = new Set<IssueCode>();
function expectIssue(r: ReturnType<typeof parse>, sheet: SheetKind, row: number, code: IssueCode) {
  seen.add(code);
  expect(r.issues).toContainEqual(expect.objectContaining({ sheet, row, code }));
  const issue = r.issues.find((i) => i.code === code)!;
  expect(issue.vi.length).toBeGreaterThan(5);
  expect(issue.en.length).toBeGreaterThan(5);
  if (issue.severity === 'error') expect(r.data).toBeNull();
}

describe('reference import: a CSV file’s sheet is found from its header row', () => {
  it('each template header names its own sheet; an unrelated header none', () => {
    for (const k of ['areas', 'units', 'candidates', 'early'] as const) expect(sheetOfHeader(H(k))).toBe(k);
    expect(sheetOfHeader(['a', 'b'])).toBeNull();
  });
});

describe('reference import: a valid file', () => {
  it('gives areas, units and candidates with every area in one unit per contest', () => {
    const r = parse(valid());
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.data!.areas).toHaveLength(3);
    expect(r.data!.areas.find((a) => a.id === '00004-0001')!.units).toEqual({
      na: 'na-01-01',
      pc: 'pc-01-01',
      cc: 'cc-00004-01',
    });
    expect(r.data!.areas.find((a) => a.id === '00008-0001')!.votingDate).toBe('2026-03-14');
    expect(r.data!.areas.find((a) => a.id === '00004-0002')).toMatchObject({ lat: 21.03, lon: 105.85 });
    expect(r.data!.candidates).toHaveLength(10);
    expect(r.data!.candidates[0]).toMatchObject({
      id: 'c-na-01-01-01',
      nomination: 'central',
      birthDate: '1970-05-01',
    });
  });
});

describe('reference import: every rule with a bad row (errors per row and column, vi + en)', () => {
  it('columns and cells: missing column, empty cell, not a number, unknown value, not a date', () => {
    const s = valid();
    s.areas[0] = s.areas[0]!.map((h) => (h === 'Loại khu vực' ? 'Khác' : h));
    expectIssue(parse(s), 'areas', 1, 'MISSING_COLUMN');
    expectIssue(withCell('areas', 2, 'name', ''), 'areas', 2, 'REQUIRED');
    expectIssue(withCell('areas', 2, 'regNa', 'nhiều'), 'areas', 2, 'NOT_A_NUMBER');
    expectIssue(withCell('areas', 2, 'kind', 'Bệnh viện'), 'areas', 2, 'UNKNOWN_VALUE');
    expectIssue(withCell('candidates', 2, 'birthDate', '31/02/1970'), 'candidates', 2, 'NOT_A_DATE');
    expectIssue(withCell('areas', 3, 'lat', '123'), 'areas', 3, 'COORDINATES');
  });

  it('official lists: unknown commune, unknown province, commune of another province', () => {
    expectIssue(withCell('areas', 2, 'commune', '99999'), 'areas', 2, 'UNKNOWN_COMMUNE');
    expectIssue(withCell('units', 2, 'province', '77'), 'units', 2, 'UNKNOWN_PROVINCE');
    expectIssue(withCell('units', 4, 'commune', '10000'), 'units', 4, 'COMMUNE_NOT_IN_PROVINCE');
    expectIssue(withCell('units', 4, 'commune', ''), 'units', 4, 'COMMUNE_REQUIRED');
  });

  it('duplicates: area number, unit number, candidate order, early area', () => {
    expectIssue(withCell('areas', 3, 'number', '1'), 'areas', 3, 'DUPLICATE');
    expectIssue(withCell('units', 5, 'commune', '00004'), 'units', 5, 'DUPLICATE');
    expectIssue(withCell('candidates', 3, 'order', '1'), 'candidates', 3, 'DUPLICATE');
    const s = valid();
    s.early.push(['00008', '1', '13/03/2026']);
    expectIssue(parse(s), 'early', 3, 'DUPLICATE');
  });

  it('§1.2 polling-area sizes: > 4,000 refused, separate < 50 refused, regular < 300 only a warning', () => {
    expectIssue(withCell('areas', 2, 'regNa', '4001'), 'areas', 2, 'AREA_TOO_LARGE');
    expectIssue(withCell('areas', 4, 'regNa', '40'), 'areas', 4, 'SEPARATE_TOO_SMALL');
    expectIssue(withCell('areas', 2, 'regNa', '0'), 'areas', 2, 'NO_VOTERS');
    const small = withCell('areas', 3, 'regNa', '250');
    expectIssue(small, 'areas', 3, 'COUNCIL_ABOVE_LIST'); // pc 900 > 250 as well
    const s = valid();
    s.areas[2] = ['00004', '2', 'KVBP số 2', 'Bản Mường', 'Thường', '250', '250', '250', '', ''];
    const r = parse(s);
    expectIssue(r, 'areas', 3, 'AREA_SMALL');
    expect(r.issues).toContainEqual(expect.objectContaining({ row: 3, code: 'AREA_SMALL', severity: 'warning' }));
    expect(r.data).not.toBeNull();
  });

  it('§1.3 council voters never exceed the list total', () => {
    expectIssue(withCell('areas', 2, 'regCc', '1300'), 'areas', 2, 'COUNCIL_ABOVE_LIST');
  });

  it('§1.1 seats per unit: NA 1–3, councils 1–5', () => {
    expectIssue(withCell('units', 2, 'seats', '4'), 'units', 2, 'SEATS');
    expectIssue(withCell('units', 4, 'seats', '6'), 'units', 4, 'SEATS');
  });

  it('§1.2 each polling area in exactly one unit per contest', () => {
    const twice = valid();
    twice.units.push(['HĐND xã', '01', '00004', '2', 'Đơn vị số 2', '1', '00004-2']);
    twice.candidates.push(
      ...[1, 2].map((o) => [
        'HĐND xã',
        '01',
        '00004',
        '2',
        String(o),
        `Lê Thị ${o}`,
        '01/01/1980',
        'Nữ',
        'Kinh',
        'Nông dân',
        'HTX',
        'Địa phương',
        '',
      ]),
    );
    expectIssue(parse(twice), 'units', 6, 'AREA_IN_TWO_UNITS');
    expectIssue(withCell('units', 3, 'areas', '00004-1..2'), 'areas', 4, 'AREA_IN_NO_UNIT');
    expectIssue(withCell('units', 3, 'areas', '00004-1..9'), 'units', 3, 'UNKNOWN_AREA');
    expectIssue(withCell('units', 3, 'areas', '00004-1..9'), 'units', 3, 'UNIT_WITHOUT_AREAS');
    expectIssue(withCell('units', 5, 'areas', '00004-1'), 'units', 5, 'AREA_OUTSIDE_UNIT');
    const split = withCell('units', 2, 'areas', '00004-1; 00008');
    expectIssue(split, 'units', 2, 'UNIT_SPLITS_COMMUNE');
  });

  it('contests: a unit of a contest the election does not hold', () => {
    const r = parseReferenceSheets(valid(), { election: { ...election, contests: ['na', 'pc'] }, communes });
    expectIssue(r, 'units', 4, 'CONTEST_NOT_HELD');
  });

  it('§2.3 candidates versus seats: NA seats + 2, councils + 1 / + 2 / + 3', () => {
    const s = valid();
    s.candidates.splice(3, 1); // the NA unit (1 seat) keeps 2 of 3
    expectIssue(parse(s), 'units', 2, 'TOO_FEW_CANDIDATES');
    const cc = valid();
    cc.candidates.splice(8, 1); // commune unit of 2 seats keeps 2 of 3
    expectIssue(parse(cc), 'units', 4, 'TOO_FEW_CANDIDATES');
    const none = valid();
    none.candidates = [none.candidates[0]!];
    const r = parse(none);
    expectIssue(r, 'candidates', 1, 'NO_CANDIDATES_YET');
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'NO_CANDIDATES_YET', severity: 'warning' }));
    expect(r.data).not.toBeNull();
  });

  it('candidates: unknown unit, under 21, central nomination outside the NA, photo file name', () => {
    expectIssue(withCell('candidates', 2, 'unit', '9'), 'candidates', 2, 'UNKNOWN_UNIT');
    expectIssue(withCell('candidates', 2, 'birthDate', '16/03/2005'), 'candidates', 2, 'TOO_YOUNG');
    expectIssue(withCell('candidates', 5, 'nomination', 'Trung ương'), 'candidates', 5, 'CENTRAL_ONLY_NA');
    expectIssue(withCell('candidates', 2, 'photo', '../a.exe'), 'candidates', 2, 'PHOTO_NAME');
  });

  it('§2.2 early voting: before election day, by 30 days at most, of a known area', () => {
    expectIssue(withCell('early', 2, 'date', '15/03/2026'), 'early', 2, 'EARLY_DATE');
    expectIssue(withCell('early', 2, 'date', '01/01/2026'), 'early', 2, 'EARLY_DATE');
    expectIssue(withCell('early', 2, 'number', '7'), 'early', 2, 'UNKNOWN_AREA');
  });

  it('a sheet beyond 200,000 rows is refused whole', () => {
    const s = valid();
    s.early = [H('early'), ...Array.from({ length: 200_001 }, () => ['00008', '1', '14/03/2026'])];
    expectIssue(parse(s), 'early', 1, 'TOO_MANY_ROWS');
  });

  it('every issue code has been exercised above', () => {
    expect(Object.keys(ISSUES).filter((c) => !seen.has(c as IssueCode))).toEqual([]);
  });
});
