// pdfmake ships no types; see pdf-fonts.ts for why the reference is needed here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../types/pdfmake.d.ts" />
import pdfmake from 'pdfmake';
import { ensureFonts } from './pdf-fonts.js';

/** What the Election Board's unit result record carries (election-vn.md §2.9), already decided by §2.8. */
export interface UnitRecordData {
  electionName: string;
  drill: boolean;
  contestLabel: string;
  unitName: string;
  provinceName: string;
  seats: number;
  /** Records confirmed / expected: the record is final only when every polling area's record is confirmed. */
  confirmed: number;
  areas: number;
  listed: number;
  voted: number;
  issued: number;
  received: number;
  valid: number;
  invalid: number;
  turnoutPct: string;
  validPct: string;
  invalidPct: string;
  candidates: { name: string; birthDate: string; votes: number; sharePct: string; elected: boolean }[];
  elected: string[];
  revote: boolean;
  additionalVote: boolean;
  unfilled: number;
  tieNote: string | null;
  complaints: { received: number; resolved: number; forwarded: number };
  printedAt: string;
}

const fmt = new Intl.NumberFormat('vi-VN');
const n = (x: number) => fmt.format(x);

/**
 * The printable "Biên bản xác định kết quả bầu cử ở đơn vị bầu cử" (§2.9): seats, candidates, voters, turnout,
 * ballots, votes per candidate with their share of valid ballots, the elected, shortfall and proposals,
 * complaints, signatures, three copies. DejaVu Sans is embedded (every Vietnamese glyph).
 */
export async function unitRecordPdf(d: UnitRecordData): Promise<Buffer> {
  ensureFonts();
  const final = d.confirmed === d.areas;
  const line = (label: string, value: string) => ({
    columns: [
      { text: label, width: '*' },
      { text: value, width: 'auto', bold: true },
    ],
    margin: [0, 1, 0, 1],
  });
  const proposals: string[] = [];
  if (d.revote) proposals.push('Số cử tri đi bầu không quá một nửa tổng số cử tri: đề nghị tổ chức bầu cử lại.');
  if (d.additionalVote) proposals.push(`Còn thiếu ${d.unfilled} đại biểu: đề nghị tổ chức bầu thêm.`);
  if (!d.revote && !d.additionalVote && d.unfilled > 0) proposals.push(`Còn thiếu ${d.unfilled} đại biểu.`);
  if (proposals.length === 0) proposals.push('Không có.');
  const doc = {
    pageSize: 'A4',
    pageMargins: [48, 40, 48, 48],
    defaultStyle: { font: 'DejaVu', fontSize: 10 },
    content: [
      ...(d.drill
        ? [{ text: 'DIỄN TẬP — KHÔNG PHẢI KẾT QUẢ THẬT', bold: true, color: '#b00020', alignment: 'center' }]
        : []),
      { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, alignment: 'center' },
      { text: 'Độc lập – Tự do – Hạnh phúc', alignment: 'center', margin: [0, 0, 0, 10] },
      { text: 'BIÊN BẢN XÁC ĐỊNH KẾT QUẢ BẦU CỬ Ở ĐƠN VỊ BẦU CỬ', bold: true, fontSize: 13, alignment: 'center' },
      { text: `${d.contestLabel} — ${d.electionName}`, alignment: 'center' },
      {
        text: d.unitName.includes(d.provinceName) ? d.unitName : `${d.unitName} — ${d.provinceName}`,
        alignment: 'center',
        bold: true,
        margin: [0, 2, 0, 6],
      },
      ...(final
        ? []
        : [
            {
              text: `TẠM TÍNH: ${n(d.confirmed)}/${n(d.areas)} biên bản kiểm phiếu đã được Ban bầu cử xác nhận.`,
              color: '#b00020',
              bold: true,
              margin: [0, 0, 0, 6],
            },
          ]),
      line('Số đại biểu được bầu của đơn vị bầu cử', n(d.seats)),
      line('Số người ứng cử', n(d.candidates.length)),
      line('Tổng số cử tri của đơn vị bầu cử', n(d.listed)),
      line('Số cử tri đã tham gia bỏ phiếu', `${n(d.voted)} (${d.turnoutPct})`),
      line('Số phiếu phát ra', n(d.issued)),
      line('Số phiếu thu vào', n(d.received)),
      line('Số phiếu hợp lệ', `${n(d.valid)} (${d.validPct})`),
      line('Số phiếu không hợp lệ', `${n(d.invalid)} (${d.invalidPct})`),
      { text: 'Số phiếu bầu cho mỗi người ứng cử', bold: true, margin: [0, 8, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: [20, '*', 70, 70, 80],
          body: [
            ['TT', 'Họ và tên', 'Ngày sinh', 'Số phiếu', 'Tỷ lệ so với phiếu hợp lệ'].map((t) => ({
              text: t,
              bold: true,
            })),
            ...d.candidates.map((c, i) => [
              String(i + 1),
              { text: c.name, bold: c.elected },
              c.birthDate,
              { text: n(c.votes), alignment: 'right' },
              { text: c.sharePct, alignment: 'right' },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: 'Danh sách người trúng cử', bold: true, margin: [0, 8, 0, 2] },
      d.elected.length ? { ol: d.elected } : { text: 'Chưa có người trúng cử.' },
      ...(d.tieNote ? [{ text: d.tieNote, italics: true, margin: [0, 2, 0, 0] }] : []),
      { text: 'Số đại biểu còn thiếu và kiến nghị', bold: true, margin: [0, 8, 0, 2] },
      { ul: proposals },
      { text: 'Những việc quan trọng đã xảy ra', bold: true, margin: [0, 8, 0, 2] },
      { text: '……………………………………………………………………………………………………………………' },
      { text: 'Khiếu nại, tố cáo', bold: true, margin: [0, 8, 0, 2] },
      line('Các Tổ bầu cử đã nhận', n(d.complaints.received)),
      line('Các Tổ bầu cử đã giải quyết', n(d.complaints.resolved)),
      line('Chuyển đến Ban bầu cử', n(d.complaints.forwarded)),
      {
        text: 'Biên bản được lập thành 3 bản, gửi Hội đồng bầu cử quốc gia (hoặc Ủy ban bầu cử), Ủy ban bầu cử ở tỉnh và Ban thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp tỉnh.',
        margin: [0, 10, 0, 14],
        fontSize: 9,
      },
      {
        columns: ['TRƯỞNG BAN', 'CÁC PHÓ TRƯỞNG BAN', 'THƯ KÝ'].map((t) => ({
          stack: [
            { text: t, bold: true },
            { text: '(Ký, ghi rõ họ tên)', fontSize: 8 },
          ],
          alignment: 'center',
        })),
      },
      { text: `In lúc ${d.printedAt}`, fontSize: 8, color: '#555', margin: [0, 40, 0, 0] },
    ],
  };
  return pdfmake.createPdf(doc).getBuffer();
}
