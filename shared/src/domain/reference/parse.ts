/**
 * Reads the committees' four sheets into reference data and checks them against the law (election-vn.md §1–§2).
 * Pure: the server passes the official commune list and the election; every problem comes back with its sheet, row
 * and column, in Vietnamese and English. Errors block the import (all or nothing); warnings are shown and accepted.
 */
import type { Commune } from '../../schemas/reference.js';
import type { Contest, Election } from '../../schemas/election.js';
import type { Candidate, ElectoralUnit, PollingArea } from '../../schemas/reference.js';
import { minCandidates } from '../candidates.js';
import { areaRuleHits } from './area-rules.js';
import { Issues, ageOn, cellReaders, daysBefore, intCell, rowsOf } from './cells.js';
import type { ImportIssue } from './issues.js';
import { CONTEST_CELL, GENDER_CELL, KIND_CELL, NOMINATION_CELL, parseDateCell } from './sheets.js';
import type { SheetKind } from './sheets.js';

export interface ParseContext {
  election: Election;
  /** The official communes (by code), as of the election date. */
  communes: ReadonlyMap<string, Commune>;
}

export interface ParsedReference {
  areas: PollingArea[];
  units: ElectoralUnit[];
  candidates: Candidate[];
}

export interface ParseResult {
  issues: ImportIssue[];
  /** Null when any error was found: nothing may be written. */
  data: ParsedReference | null;
}

export { MAX_ROWS } from './cells.js';
const MAX_SEATS: Record<Contest, number> = { na: 3, pc: 5, cc: 5 };
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const CONTEST_VI: Record<Contest, string> = { na: 'ĐBQH', pc: 'HĐND tỉnh', cc: 'HĐND xã' };

/** The four sheets (header row first) → reference data, or the list of problems. Missing sheets count as empty. */
export function parseReferenceSheets(
  sheets: Partial<Record<SheetKind, readonly (readonly string[])[]>>,
  ctx: ParseContext,
): ParseResult {
  const issues = new Issues();
  const { election } = ctx;
  const held = new Set<Contest>(election.contests);
  const provinces = new Set([...ctx.communes.values()].map((c) => c.provinceCode));

  const { need, needInt, coded } = cellReaders(issues);

  // ---- Polling areas (§1.2 sizes, §1.3 voters per contest) ----
  const areas = new Map<string, PollingArea & { row: number }>();
  for (const r of rowsOf('areas', sheets.areas ?? [], issues)) {
    const communeCell = need('areas', r, 'commune');
    const commune = communeCell ? ctx.communes.get(communeCell.padStart(5, '0')) : undefined;
    if (communeCell && !commune) issues.add('areas', r.row, 'commune', 'UNKNOWN_COMMUNE', [communeCell]);
    const number = needInt('areas', r, 'number', 1, 9999);
    const name = need('areas', r, 'name');
    const address = need('areas', r, 'address');
    const kind = coded('areas', r, 'kind', KIND_CELL);
    const reg: Partial<Record<Contest, number>> = {};
    for (const c of ['na', 'pc', 'cc'] as const) {
      const key = c === 'na' ? 'regNa' : c === 'pc' ? 'regPc' : 'regCc';
      if (held.has(c)) reg[c] = needInt('areas', r, key);
      else if (r.get(key) !== '') reg[c] = intCell(r.get(key));
    }
    const latS = r.get('lat');
    const lonS = r.get('lon');
    let lat: number | undefined;
    let lon: number | undefined;
    if (latS !== '' || lonS !== '') {
      lat = Number(latS.replace(',', '.'));
      lon = Number(lonS.replace(',', '.'));
      if (latS === '' || lonS === '' || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
        issues.add('areas', r.row, latS === '' || !(Math.abs(lat) <= 90) ? 'lat' : 'lon', 'COORDINATES', []);
        lat = lon = undefined;
      }
    }
    if (!commune || number === undefined || !name || !address || !kind) continue;
    if ([...held].some((c) => reg[c] === undefined)) continue;
    const id = `${commune.code}-${pad(number, 4)}`;
    const dup = areas.get(id);
    if (dup) {
      issues.add('areas', r.row, 'number', 'DUPLICATE', [String(dup.row)]);
      continue;
    }
    // The list total is the NA list (§1.3); an election without an NA contest takes the larger council list.
    const na = reg.na ?? Math.max(reg.pc ?? 0, reg.cc ?? 0);
    const registered = { na, pc: reg.pc ?? (held.has('pc') ? 0 : na), cc: reg.cc ?? 0 };
    const sizeCol = held.has('na') ? 'regNa' : held.has('pc') ? 'regPc' : 'regCc';
    for (const h of areaRuleHits({ kind, registered }, sizeCol))
      issues.add('areas', r.row, h.key, h.code, h.args as never, h.severity);
    areas.set(id, {
      row: r.row,
      id,
      communeCode: commune.code,
      provinceCode: commune.provinceCode,
      number,
      name,
      address,
      kind,
      registered,
      votingDate: election.date,
      units: { na: 'na-none', pc: 'pc-none', cc: 'cc-none' },
      ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
    });
  }
  const areasOfCommune = new Map<string, string[]>();
  for (const a of areas.values())
    areasOfCommune.set(a.communeCode, [...(areasOfCommune.get(a.communeCode) ?? []), a.id]);

  // ---- Electoral units (§1.1 seats, §1.2 each area in exactly one unit per contest) ----
  const units = new Map<string, ElectoralUnit & { row: number }>();
  const unitOfArea: Record<Contest, Map<string, ElectoralUnit>> = { na: new Map(), pc: new Map(), cc: new Map() };
  for (const r of rowsOf('units', sheets.units ?? [], issues)) {
    const contest = coded('units', r, 'contest', CONTEST_CELL);
    if (contest && !held.has(contest))
      issues.add('units', r.row, 'contest', 'CONTEST_NOT_HELD', [CONTEST_CELL[contest]]);
    const provinceCell = need('units', r, 'province');
    const province = provinceCell?.padStart(2, '0');
    if (province && !provinces.has(province))
      issues.add('units', r.row, 'province', 'UNKNOWN_PROVINCE', [provinceCell!]);
    const communeCell = r.get('commune');
    let communeCode: string | undefined;
    if (contest === 'cc') {
      if (!communeCell) issues.add('units', r.row, 'commune', 'COMMUNE_REQUIRED', []);
      else {
        const c = ctx.communes.get(communeCell.padStart(5, '0'));
        if (!c) issues.add('units', r.row, 'commune', 'UNKNOWN_COMMUNE', [communeCell]);
        else if (province && c.provinceCode !== province)
          issues.add('units', r.row, 'commune', 'COMMUNE_NOT_IN_PROVINCE', [c.code, province]);
        else communeCode = c.code;
      }
    }
    const number = needInt('units', r, 'number', 1, 99);
    const name = need('units', r, 'name');
    const seats = needInt('units', r, 'seats');
    if (contest && seats !== undefined && (seats < 1 || seats > MAX_SEATS[contest]))
      issues.add('units', r.row, 'seats', 'SEATS', [MAX_SEATS[contest]]);
    const areasCell = need('units', r, 'areas');
    if (!contest || !held.has(contest) || !province || !provinces.has(province) || number === undefined) continue;
    if (!name || seats === undefined || seats < 1 || seats > MAX_SEATS[contest] || !areasCell) continue;
    if (contest === 'cc' && !communeCode) continue;
    const id = `${contest}-${contest === 'cc' ? communeCode : province}-${pad(number, 2)}`;
    const dup = units.get(id);
    if (dup) {
      issues.add('units', r.row, 'number', 'DUPLICATE', [String(dup.row)]);
      continue;
    }
    const unit: ElectoralUnit & { row: number } = {
      row: r.row,
      id,
      contest,
      provinceCode: province,
      ...(communeCode ? { communeCode } : {}),
      number,
      name,
      seats,
    };
    units.set(id, unit);
    // Area tokens: `12345` (whole commune), `12345-3` (one area), `12345-3..7` (a run).
    const members: string[] = [];
    for (const token of areasCell.split(/[;\s]+/).filter(Boolean)) {
      const whole = /^(\d{1,5})$/.exec(token);
      const run = /^(\d{1,5})-(\d{1,4})(?:\.\.(\d{1,4}))?$/.exec(token);
      let ids: string[] | undefined;
      if (whole) ids = areasOfCommune.get(whole[1]!.padStart(5, '0'));
      else if (run) {
        const c = run[1]!.padStart(5, '0');
        const from = Number(run[2]);
        const to = Number(run[3] ?? run[2]);
        ids = [];
        for (let n = from; n <= to && to - from < 10_000; n++) {
          const id = `${c}-${pad(n, 4)}`;
          if (!areas.has(id)) {
            ids = undefined;
            break;
          }
          ids.push(id);
        }
        if (to < from) ids = undefined;
      }
      if (!ids?.length) {
        issues.add('units', r.row, 'areas', 'UNKNOWN_AREA', [token]);
        continue;
      }
      members.push(...ids);
    }
    if (members.length === 0) issues.add('units', r.row, 'areas', 'UNIT_WITHOUT_AREAS', []);
    const partial = new Set<string>();
    for (const aid of members) {
      const a = areas.get(aid)!;
      if (contest === 'cc' ? a.communeCode !== communeCode : a.provinceCode !== province) {
        issues.add('units', r.row, 'areas', 'AREA_OUTSIDE_UNIT', [aid, contest === 'cc' ? 'xã' : 'tỉnh']);
        continue;
      }
      const other = unitOfArea[contest].get(aid);
      if (other) {
        if (other.id !== id) issues.add('units', r.row, 'areas', 'AREA_IN_TWO_UNITS', [aid, other.number]);
        continue;
      }
      unitOfArea[contest].set(aid, unit);
      a.units[contest] = id;
      if (contest !== 'cc') partial.add(a.communeCode);
    }
    for (const c of partial) {
      const all = areasOfCommune.get(c) ?? [];
      if (all.some((aid) => !members.includes(aid)))
        issues.add('units', r.row, 'areas', 'UNIT_SPLITS_COMMUNE', [c], 'warning');
    }
  }
  for (const a of areas.values())
    for (const c of held)
      if (!unitOfArea[c].has(a.id)) issues.add('areas', a.row, 'number', 'AREA_IN_NO_UNIT', [CONTEST_VI[c]]);

  // ---- Candidates (§2.3 margins, Election Law art. 2 age) ----
  const candidates = new Map<string, Candidate & { row: number }>();
  const candRows = rowsOf('candidates', sheets.candidates ?? [], issues);
  for (const r of candRows) {
    const contest = coded('candidates', r, 'contest', CONTEST_CELL);
    const province = need('candidates', r, 'province')?.padStart(2, '0');
    const commune = r.get('commune').padStart(5, '0');
    const unitNo = needInt('candidates', r, 'unit', 1, 99);
    const order = needInt('candidates', r, 'order', 1, 99);
    const fullName = need('candidates', r, 'fullName');
    const birthCell = need('candidates', r, 'birthDate');
    const birthDate = birthCell ? parseDateCell(birthCell) : undefined;
    if (birthCell && !birthDate) issues.add('candidates', r.row, 'birthDate', 'NOT_A_DATE', [birthCell]);
    else if (birthDate && ageOn(birthDate, election.date) < 21)
      issues.add('candidates', r.row, 'birthDate', 'TOO_YOUNG', []);
    const gender = coded('candidates', r, 'gender', GENDER_CELL);
    const ethnicity = need('candidates', r, 'ethnicity');
    const occupation = need('candidates', r, 'occupation');
    const workplace = need('candidates', r, 'workplace');
    const nomination = coded('candidates', r, 'nomination', NOMINATION_CELL);
    if (nomination === 'central' && contest && contest !== 'na')
      issues.add('candidates', r.row, 'nomination', 'CENTRAL_ONLY_NA', []);
    const photo = r.get('photo');
    if (photo && !/^[^/\\]{1,120}\.(jpe?g|png)$/i.test(photo))
      issues.add('candidates', r.row, 'photo', 'PHOTO_NAME', []);
    if (!contest || !province || unitNo === undefined) continue;
    const unitId = `${contest}-${contest === 'cc' ? commune : province}-${pad(unitNo, 2)}`;
    const unit = units.get(unitId);
    if (!unit || unit.provinceCode !== province) {
      issues.add('candidates', r.row, 'unit', 'UNKNOWN_UNIT', []);
      continue;
    }
    if (order === undefined || !fullName || !birthDate || !gender || !ethnicity || !occupation || !workplace) continue;
    if (!nomination || (nomination === 'central' && contest !== 'na')) continue;
    const id = `c-${unitId}-${pad(order, 2)}`;
    const dup = candidates.get(id);
    if (dup) {
      issues.add('candidates', r.row, 'order', 'DUPLICATE', [String(dup.row)]);
      continue;
    }
    candidates.set(id, {
      row: r.row,
      id,
      unitId,
      fullName,
      birthDate,
      gender,
      ethnicity,
      occupation,
      nomination,
      workplace,
      ...(photo ? { photo } : {}),
    });
  }
  if (candRows.length === 0 && units.size > 0) issues.add('candidates', 1, '', 'NO_CANDIDATES_YET', [], 'warning');
  else {
    const perUnit = new Map<string, number>();
    for (const c of candidates.values()) perUnit.set(c.unitId, (perUnit.get(c.unitId) ?? 0) + 1);
    for (const u of units.values()) {
      const min = minCandidates(u.contest, u.seats);
      const n = perUnit.get(u.id) ?? 0;
      if (n < min) issues.add('units', u.row, 'seats', 'TOO_FEW_CANDIDATES', [u.seats, min, n]);
    }
  }

  // ---- Early voting (§2.2) ----
  const earlySeen = new Map<string, number>();
  for (const r of rowsOf('early', sheets.early ?? [], issues)) {
    const commune = need('early', r, 'commune')?.padStart(5, '0');
    const number = needInt('early', r, 'number', 1, 9999);
    const cell = need('early', r, 'date');
    const date = cell ? parseDateCell(cell) : undefined;
    if (cell && !date) issues.add('early', r.row, 'date', 'NOT_A_DATE', [cell]);
    if (!commune || number === undefined) continue;
    const id = `${commune}-${pad(number, 4)}`;
    const area = areas.get(id);
    if (!area) {
      issues.add('early', r.row, 'number', 'UNKNOWN_AREA', [id]);
      continue;
    }
    const dup = earlySeen.get(id);
    if (dup) {
      issues.add('early', r.row, 'number', 'DUPLICATE', [String(dup)]);
      continue;
    }
    earlySeen.set(id, r.row);
    if (!date) continue;
    const before = daysBefore(date, election.date);
    if (before < 1 || before > 30) {
      issues.add('early', r.row, 'date', 'EARLY_DATE', [election.date]);
      continue;
    }
    area.votingDate = date;
  }

  const strip = <T extends { row: number }>({ row: _row, ...rest }: T): Omit<T, 'row'> => rest;
  return {
    issues: issues.list,
    data:
      issues.errors > 0
        ? null
        : {
            areas: [...areas.values()].map(strip),
            units: [...units.values()].map(strip),
            candidates: [...candidates.values()].map(strip),
          },
  };
}
