/**
 * The committees' spreadsheets (issue 9): four sheets with Vietnamese headers, their cell codecs, and the export of
 * stored reference data back into the same rows (templates, exports and round trips use one definition).
 */
import type { Contest } from '../../schemas/election.js';
import type { Candidate, ElectoralUnit, PollingArea, ReferenceData } from '../../schemas/reference.js';

export const SHEET_KINDS = ['areas', 'units', 'candidates', 'early'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export interface Column {
  key: string;
  vi: string;
  en: string;
  required: boolean;
  /** What goes in the cell, for the instructions sheet. */
  hint: string;
}

const col = (key: string, vi: string, en: string, required: boolean, hint: string): Column => ({
  key,
  vi,
  en,
  required,
  hint,
});

export const SHEETS: Record<SheetKind, { vi: string; en: string; columns: Column[] }> = {
  areas: {
    vi: 'Khu vực bỏ phiếu',
    en: 'Polling areas',
    columns: [
      col('commune', 'Mã xã', 'Commune code', true, 'Mã đơn vị hành chính cấp xã, 5 chữ số (vd 00004)'),
      col('number', 'Số KVBP', 'Area number', true, 'Số thứ tự khu vực bỏ phiếu trong xã (1, 2, …)'),
      col('name', 'Tên khu vực bỏ phiếu', 'Name', true, 'vd Khu vực bỏ phiếu số 3'),
      col('address', 'Địa điểm bỏ phiếu', 'Address', true, 'Nơi đặt phòng bỏ phiếu'),
      col('kind', 'Loại khu vực', 'Kind', true, 'Thường | Riêng | Lực lượng vũ trang'),
      col('regNa', 'Cử tri bầu ĐBQH', 'Voters (National Assembly)', false, 'Số cử tri trong danh sách bầu ĐBQH'),
      col('regPc', 'Cử tri bầu HĐND tỉnh', 'Voters (provincial council)', false, 'Số cử tri bầu HĐND tỉnh'),
      col('regCc', 'Cử tri bầu HĐND xã', 'Voters (commune council)', false, 'Số cử tri bầu HĐND xã'),
      col('lat', 'Vĩ độ', 'Latitude', false, 'Không bắt buộc, vd 21.0285'),
      col('lon', 'Kinh độ', 'Longitude', false, 'Không bắt buộc, vd 105.8542'),
    ],
  },
  units: {
    vi: 'Đơn vị bầu cử',
    en: 'Electoral units',
    columns: [
      col('contest', 'Cuộc bầu cử', 'Contest', true, 'ĐBQH | HĐND tỉnh | HĐND xã'),
      col('province', 'Mã tỉnh', 'Province code', true, '2 chữ số (vd 01)'),
      col('commune', 'Mã xã', 'Commune code', false, 'Chỉ với HĐND xã: mã xã của đơn vị'),
      col('number', 'Số đơn vị', 'Unit number', true, 'Số thứ tự đơn vị bầu cử'),
      col('name', 'Tên đơn vị bầu cử', 'Name', true, 'vd Đơn vị bầu cử số 1'),
      col('seats', 'Số đại biểu được bầu', 'Seats', true, 'ĐBQH 1–3; HĐND 1–5'),
      col(
        'areas',
        'Các khu vực bỏ phiếu',
        'Polling areas',
        true,
        'Mã xã (cả xã), mã xã-số KVBP (vd 00004-3) hoặc dải (vd 00004-1..5), cách nhau bằng dấu ;',
      ),
    ],
  },
  candidates: {
    vi: 'Người ứng cử',
    en: 'Candidates',
    columns: [
      col('contest', 'Cuộc bầu cử', 'Contest', true, 'ĐBQH | HĐND tỉnh | HĐND xã'),
      col('province', 'Mã tỉnh', 'Province code', true, '2 chữ số'),
      col('commune', 'Mã xã', 'Commune code', false, 'Chỉ với HĐND xã'),
      col('unit', 'Đơn vị số', 'Unit number', true, 'Số đơn vị bầu cử'),
      col('order', 'Số thứ tự', 'Order', true, 'Thứ tự trong danh sách của đơn vị (1, 2, …)'),
      col('fullName', 'Họ và tên', 'Full name', true, 'Có dấu, vd Nguyễn Thị Hoa'),
      col('birthDate', 'Ngày sinh', 'Birth date', true, 'dd/mm/yyyy'),
      col('gender', 'Giới tính', 'Gender', true, 'Nam | Nữ'),
      col('ethnicity', 'Dân tộc', 'Ethnicity', true, 'vd Kinh, Tày, Ê Đê'),
      col('occupation', 'Nghề nghiệp, chức vụ', 'Occupation, position', true, ''),
      col('workplace', 'Nơi công tác', 'Workplace', true, ''),
      col('nomination', 'Nguồn giới thiệu', 'Nominated by', true, 'Trung ương (chỉ ĐBQH) | Địa phương | Tự ứng cử'),
      col('photo', 'Tệp ảnh', 'Photo file', false, 'Tên tệp ảnh tải lên riêng (JPEG/PNG), không bắt buộc'),
    ],
  },
  early: {
    vi: 'Bỏ phiếu sớm',
    en: 'Early voting',
    columns: [
      col('commune', 'Mã xã', 'Commune code', true, '5 chữ số'),
      col('number', 'Số KVBP', 'Area number', true, 'Số khu vực bỏ phiếu trong xã'),
      col('date', 'Ngày bỏ phiếu', 'Voting date', true, 'dd/mm/yyyy, trước ngày bầu cử (§2.2)'),
    ],
  },
};

export const CONTEST_CELL: Record<Contest, string> = { na: 'ĐBQH', pc: 'HĐND tỉnh', cc: 'HĐND xã' };
export const KIND_CELL: Record<PollingArea['kind'], string> = {
  regular: 'Thường',
  separate: 'Riêng',
  'armed-forces': 'Lực lượng vũ trang',
};
export const GENDER_CELL: Record<Candidate['gender'], string> = { male: 'Nam', female: 'Nữ' };
export const NOMINATION_CELL: Record<Candidate['nomination'], string> = {
  central: 'Trung ương',
  local: 'Địa phương',
  self: 'Tự ứng cử',
};

/** Lowercase, no diacritics, single spaces: "HĐND  Tỉnh" and "hdnd tinh" are the same cell. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads a coded cell ("Nữ", "nu", "female") back to its code; undefined when it is none of them. */
export function decodeCell<K extends string>(map: Record<K, string>, cell: string): K | undefined {
  const f = fold(cell);
  for (const [k, label] of Object.entries(map) as [K, string][]) if (fold(label) === f || fold(k) === f) return k;
  return undefined;
}

/** ISO date → dd/mm/yyyy, as committees write dates. */
export function dateCell(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** dd/mm/yyyy (or d/m/yyyy, or yyyy-mm-dd) → ISO date, or undefined when it is not a real calendar date. */
export function parseDateCell(cell: string): string | undefined {
  const s = cell.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** The unit's number within its province (NA, provincial council) or commune (commune council): its id's tail. */
export const unitNumber = (u: Pick<ElectoralUnit, 'id'>): number => Number(u.id.slice(u.id.lastIndexOf('-') + 1));
export const areaNumber = (areaId: string): number => Number(areaId.slice(6));
export const candidateOrder = (c: Pick<Candidate, 'id'>): number => Number(c.id.slice(c.id.lastIndexOf('-') + 1));

/** `12345` for a whole commune, else `12345-3..7` runs and `12345-9` singles, joined by "; ". */
export function areasCell(
  unitAreas: readonly string[],
  areasOfCommune: ReadonlyMap<string, readonly string[]>,
): string {
  const byCommune = new Map<string, number[]>();
  for (const id of unitAreas) {
    const c = id.slice(0, 5);
    byCommune.set(c, [...(byCommune.get(c) ?? []), areaNumber(id)]);
  }
  const parts: string[] = [];
  for (const [c, nums] of [...byCommune].sort(([a], [b]) => a.localeCompare(b))) {
    if (nums.length === (areasOfCommune.get(c)?.length ?? -1)) {
      parts.push(c);
      continue;
    }
    nums.sort((a, b) => a - b);
    for (let i = 0; i < nums.length;) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      parts.push(j > i ? `${c}-${nums[i]}..${nums[j]}` : `${c}-${nums[i]}`);
      i = j + 1;
    }
  }
  return parts.join('; ');
}

const num = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** Stored reference data as the four sheets' rows (header first, Vietnamese headers): the export. */
export function toSheets(
  data: Pick<ReferenceData, 'areas' | 'units' | 'candidates' | 'election'>,
): Record<SheetKind, string[][]> {
  const header = (k: SheetKind) => SHEETS[k].columns.map((c) => c.vi);
  const held = new Set(data.election.contests);
  const areas = [...data.areas].sort((a, b) => a.id.localeCompare(b.id));
  const areasOfCommune = new Map<string, string[]>();
  for (const a of areas) areasOfCommune.set(a.communeCode, [...(areasOfCommune.get(a.communeCode) ?? []), a.id]);
  const areasOfUnit = new Map<string, string[]>();
  for (const a of areas)
    for (const c of held) areasOfUnit.set(a.units[c], [...(areasOfUnit.get(a.units[c]) ?? []), a.id]);
  const units = [...data.units].sort((a, b) => a.id.localeCompare(b.id));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const candidates = [...data.candidates].sort((a, b) => a.id.localeCompare(b.id));
  return {
    areas: [
      header('areas'),
      ...areas.map((a) => [
        a.communeCode,
        String(a.number),
        a.name,
        a.address,
        KIND_CELL[a.kind],
        held.has('na') ? String(a.registered.na) : '',
        held.has('pc') ? String(a.registered.pc) : '',
        held.has('cc') ? String(a.registered.cc) : '',
        num(a.lat),
        num(a.lon),
      ]),
    ],
    units: [
      header('units'),
      ...units.map((u) => [
        CONTEST_CELL[u.contest],
        u.provinceCode,
        u.communeCode ?? '',
        String(unitNumber(u)),
        u.name,
        String(u.seats),
        areasCell(areasOfUnit.get(u.id) ?? [], areasOfCommune),
      ]),
    ],
    candidates: [
      header('candidates'),
      ...candidates.map((c) => {
        const u = unitById.get(c.unitId);
        return [
          CONTEST_CELL[u?.contest ?? (c.unitId.slice(0, 2) as Contest)],
          u?.provinceCode ?? '',
          u?.communeCode ?? '',
          String(u ? unitNumber(u) : ''),
          String(candidateOrder(c)),
          c.fullName,
          dateCell(c.birthDate),
          GENDER_CELL[c.gender],
          c.ethnicity,
          c.occupation,
          c.workplace ?? '',
          NOMINATION_CELL[c.nomination],
          c.photo ?? '',
        ];
      }),
    ],
    early: [
      header('early'),
      ...areas
        .filter((a) => a.votingDate !== data.election.date)
        .map((a) => [a.communeCode, String(a.number), dateCell(a.votingDate)]),
    ],
  };
}

/** Which sheet a header row belongs to (a CSV file holds one): the kind whose required columns are all there. */
export function sheetOfHeader(header: readonly string[]): SheetKind | null {
  const have = new Set(header.map(fold));
  const fits = SHEET_KINDS.filter((k) =>
    SHEETS[k].columns
      .filter((c) => c.required)
      .every((c) => have.has(fold(c.vi)) || have.has(fold(c.en)) || have.has(fold(c.key))),
  );
  // The early-voting columns are a subset of the areas' ones: the sheet with the most columns wins.
  return fits.sort((a, b) => SHEETS[b].columns.length - SHEETS[a].columns.length)[0] ?? null;
}
