/**
 * Results as tables (header + rows) for the CSV and XLSX exports: by polling area (one row per record), by
 * electoral unit (one row per candidate, with the unit's totals and the §2.8 outcome) and by province (one row
 * per contest). Pure: the export service gathers the data, these shape it; both formats print the same rows.
 */
export type Cell = string | number;
export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
}

/** A cell a spreadsheet could take for a formula (= + - @, or a leading tab/CR) gets an apostrophe in front. */
export function neutralise(v: Cell): Cell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface AreaRow {
  province: string;
  commune: string;
  areaId: string;
  areaName: string;
  contest: string;
  unitId: string;
  state: string;
  version: number;
  /** voters, voted, issued, received, valid, invalid of the version counted (empty when none). */
  numbers: number[] | null;
  flags: string[];
}

export interface UnitRow {
  province: string;
  unitId: string;
  unitName: string;
  contest: string;
  seats: number;
  areas: number;
  confirmed: number;
  voters: number;
  voted: number;
  valid: number;
  invalid: number;
  turnoutPct: number;
  revote: boolean;
  additionalVote: boolean;
  candidates: { id: string; name: string; birthDate: string; votes: number; share: number; elected: boolean }[];
}

export interface ProvinceRow {
  province: string;
  name: string;
  contest: string;
  areas: number;
  submitted: number;
  confirmed: number;
  voters: number;
  voted: number;
  valid: number;
  invalid: number;
  turnoutPct: number;
}

const NUMBERS = ['cu_tri', 'da_bo_phieu', 'phieu_phat_ra', 'phieu_thu_vao', 'hop_le', 'khong_hop_le'];

export function areaTable(rows: readonly AreaRow[]): Table {
  return {
    name: 'Khu vực bỏ phiếu',
    header: [
      'tinh',
      'xa',
      'khu_vuc',
      'ten_khu_vuc',
      'cuoc_bau_cu',
      'don_vi',
      'trang_thai',
      'phien_ban',
      ...NUMBERS,
      'canh_bao',
    ],
    rows: rows.map((r) => [
      r.province,
      r.commune,
      r.areaId,
      r.areaName,
      r.contest,
      r.unitId,
      r.state,
      r.version,
      ...(r.numbers ?? ['', '', '', '', '', '']),
      r.flags.join(' '),
    ]),
  };
}

export function unitTable(rows: readonly UnitRow[]): Table {
  return {
    name: 'Đơn vị bầu cử',
    header: [
      'tinh',
      'don_vi',
      'ten_don_vi',
      'cuoc_bau_cu',
      'so_dai_bieu',
      'khu_vuc',
      'da_xac_nhan',
      'cu_tri',
      'da_bo_phieu',
      'ty_le_di_bau',
      'hop_le',
      'khong_hop_le',
      'bau_lai',
      'bau_them',
      'nguoi_ung_cu',
      'ho_ten',
      'ngay_sinh',
      'so_phieu',
      'ty_le_phieu_hop_le',
      'trung_cu',
    ],
    rows: rows.flatMap((u) =>
      u.candidates.map((c) => [
        u.province,
        u.unitId,
        u.unitName,
        u.contest,
        u.seats,
        u.areas,
        u.confirmed,
        u.voters,
        u.voted,
        u.turnoutPct,
        u.valid,
        u.invalid,
        u.revote ? 1 : 0,
        u.additionalVote ? 1 : 0,
        c.id,
        c.name,
        c.birthDate,
        c.votes,
        c.share,
        c.elected ? 1 : 0,
      ]),
    ),
  };
}

export function provinceTable(rows: readonly ProvinceRow[]): Table {
  return {
    name: 'Tỉnh, thành phố',
    header: [
      'tinh',
      'ten_tinh',
      'cuoc_bau_cu',
      'khu_vuc',
      'da_gui',
      'da_xac_nhan',
      'cu_tri',
      'da_bo_phieu',
      'ty_le_di_bau',
      'hop_le',
      'khong_hop_le',
    ],
    rows: rows.map((p) => [
      p.province,
      p.name,
      p.contest,
      p.areas,
      p.submitted,
      p.confirmed,
      p.voters,
      p.voted,
      p.turnoutPct,
      p.valid,
      p.invalid,
    ]),
  };
}
