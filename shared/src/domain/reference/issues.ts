import type { SheetKind } from './sheets.js';

/** One problem found in an imported spreadsheet, where a person can find it: sheet, row (1 = header), column. */
export interface ImportIssue {
  sheet: SheetKind;
  row: number;
  /** The column's Vietnamese header, '' for the whole row. */
  column: string;
  code: IssueCode;
  severity: 'error' | 'warning';
  vi: string;
  en: string;
}

type Msg = { vi: string; en: string };
const vn = (n: number) => n.toLocaleString('vi-VN');
const us = (n: number) => n.toLocaleString('en-US');
const m = (vi: string, en: string): Msg => ({ vi, en });

/** Every message an import can give, in Vietnamese and English, citing the rule (election-vn.md §…). */
export const ISSUES = {
  MISSING_COLUMN: (c: string) => m(`Thiếu cột “${c}”.`, `Column “${c}” is missing.`),
  REQUIRED: () => m('Ô này không được để trống.', 'This cell must not be empty.'),
  NOT_A_NUMBER: (v: string) => m(`“${v}” không phải số nguyên không âm.`, `“${v}” is not a whole number ≥ 0.`),
  NOT_A_DATE: (v: string) =>
    m(`“${v}” không phải ngày hợp lệ (dd/mm/yyyy).`, `“${v}” is not a valid date (dd/mm/yyyy).`),
  UNKNOWN_VALUE: (v: string, allowed: string) =>
    m(`“${v}” không hợp lệ; chỉ nhận: ${allowed}.`, `“${v}” is not allowed; use one of: ${allowed}.`),
  UNKNOWN_COMMUNE: (v: string) =>
    m(`Mã xã “${v}” không có trong danh mục hành chính.`, `Commune code “${v}” is not in the official list.`),
  UNKNOWN_PROVINCE: (v: string) =>
    m(`Mã tỉnh “${v}” không có trong danh mục hành chính.`, `Province code “${v}” is not in the official list.`),
  COMMUNE_NOT_IN_PROVINCE: (c: string, p: string) =>
    m(`Xã ${c} không thuộc tỉnh ${p}.`, `Commune ${c} is not in province ${p}.`),
  DUPLICATE: (what: string) => m(`Trùng với dòng ${what}.`, `Duplicates row ${what}.`),
  COORDINATES: () =>
    m(
      'Vĩ độ phải trong −90…90, kinh độ trong −180…180, và phải có cả hai.',
      'Latitude −90…90 and longitude −180…180, both or neither.',
    ),
  AREA_TOO_LARGE: (n: number) =>
    m(
      `Khu vực bỏ phiếu có ${vn(n)} cử tri, vượt quá 4.000 (§1.2).`,
      `The polling area has ${us(n)} voters, more than 4,000 (§1.2).`,
    ),
  AREA_SMALL: (n: number) =>
    m(
      `Khu vực bỏ phiếu có ${n} cử tri, dưới 300: chỉ được phép ở miền núi, hải đảo, nơi dân cư phân tán (§1.2).`,
      `The polling area has ${n} voters, fewer than 300: allowed only in mountains, islands and scattered settlements (§1.2).`,
    ),
  SEPARATE_TOO_SMALL: (n: number) =>
    m(
      `Khu vực bỏ phiếu riêng cần ít nhất 50 cử tri, có ${n} (§1.2).`,
      `A separate polling area needs at least 50 voters; it has ${n} (§1.2).`,
    ),
  NO_VOTERS: () => m('Khu vực bỏ phiếu không có cử tri nào.', 'The polling area has no voters.'),
  COUNCIL_ABOVE_LIST: (contest: string) =>
    m(
      `Số cử tri bầu ${contest} không thể lớn hơn số cử tri bầu ĐBQH (tổng danh sách, §1.3).`,
      `Voters for ${contest} cannot exceed the list total (National Assembly voters, §1.3).`,
    ),
  CONTEST_NOT_HELD: (c: string) => m(`Cuộc bầu cử này không có ${c}.`, `This election holds no ${c} contest.`),
  SEATS: (max: number) =>
    m(`Số đại biểu được bầu của một đơn vị phải từ 1 đến ${max} (§1.1).`, `A unit elects 1 to ${max} deputies (§1.1).`),
  COMMUNE_REQUIRED: () =>
    m('Đơn vị bầu cử HĐND xã phải ghi mã xã.', 'A commune-council unit must give its commune code.'),
  UNKNOWN_AREA: (t: string) =>
    m(
      `“${t}” không khớp khu vực bỏ phiếu nào trong sheet Khu vực bỏ phiếu.`,
      `“${t}” matches no polling area of the Polling areas sheet.`,
    ),
  AREA_OUTSIDE_UNIT: (a: string, where: string) =>
    m(
      `Khu vực ${a} nằm ngoài ${where} của đơn vị (§1.2).`,
      `Area ${a} lies outside the unit's ${where === 'tỉnh' ? 'province' : 'commune'} (§1.2).`,
    ),
  AREA_IN_TWO_UNITS: (a: string, other: number) =>
    m(
      `Khu vực ${a} đã thuộc đơn vị số ${other}: mỗi khu vực bỏ phiếu thuộc đúng một đơn vị của mỗi cuộc bầu cử (§1.2).`,
      `Area ${a} is already in unit ${other}: each polling area is in exactly one unit per contest (§1.2).`,
    ),
  AREA_IN_NO_UNIT: (contest: string) =>
    m(
      `Khu vực bỏ phiếu chưa thuộc đơn vị bầu cử ${contest} nào (§1.2).`,
      `The polling area is in no ${contest} unit (§1.2).`,
    ),
  UNIT_WITHOUT_AREAS: () => m('Đơn vị bầu cử chưa có khu vực bỏ phiếu nào.', 'The unit has no polling area.'),
  UNIT_SPLITS_COMMUNE: (c: string) =>
    m(
      `Đơn vị gồm một phần xã ${c}; đơn vị ĐBQH và HĐND tỉnh thường gồm trọn các xã (§1.2).`,
      `The unit takes part of commune ${c}; NA and provincial units are usually whole communes (§1.2).`,
    ),
  UNKNOWN_UNIT: () =>
    m('Không có đơn vị bầu cử này trong sheet Đơn vị bầu cử.', 'No such unit in the Electoral units sheet.'),
  TOO_FEW_CANDIDATES: (seats: number, min: number, n: number) =>
    m(
      `Đơn vị bầu ${seats} đại biểu cần ít nhất ${min} người ứng cử (số dư, §2.3); danh sách có ${n}.`,
      `A unit electing ${seats} needs at least ${min} candidates (§2.3); the list has ${n}.`,
    ),
  NO_CANDIDATES_YET: () =>
    m('Chưa có danh sách người ứng cử: có thể nhập sau.', 'No candidate list yet: it can be imported later.'),
  TOO_YOUNG: () =>
    m(
      'Người ứng cử phải đủ 21 tuổi vào ngày bầu cử (Luật Bầu cử, Điều 2).',
      'A candidate must be 21 or older on election day (Election Law, art. 2).',
    ),
  CENTRAL_ONLY_NA: () =>
    m(
      'Chỉ người ứng cử ĐBQH mới do Trung ương giới thiệu.',
      'Only National Assembly candidates are nominated centrally.',
    ),
  PHOTO_NAME: () =>
    m(
      'Tên tệp ảnh phải kết thúc bằng .jpg, .jpeg hoặc .png, không có thư mục.',
      'The photo file name must end in .jpg, .jpeg or .png, without folders.',
    ),
  EARLY_DATE: (date: string) =>
    m(
      `Ngày bỏ phiếu sớm phải trước ngày bầu cử ${date} và không quá 30 ngày (§2.2).`,
      `An early-voting date must be before election day ${date}, by 30 days at most (§2.2).`,
    ),
  TOO_MANY_ROWS: (max: number) =>
    m(`Sheet có quá nhiều dòng (tối đa ${max}).`, `The sheet has too many rows (at most ${max}).`),
} satisfies Record<string, (...args: never[]) => Msg>;
export type IssueCode = keyof typeof ISSUES;
