import ExcelJS from 'exceljs';
import type { ReportRow, VoterChangeReason } from '@ecc/shared';
import { VOTER_CHANGE_REASON_IDS, VOTER_CHANGE_REASONS } from '@ecc/shared';
import type { ScopeVoterReport } from '../services/voter-report.service.js';
import { ensureFonts } from './pdf-fonts.js';

const ADD = VOTER_CHANGE_REASON_IDS.filter((r) => VOTER_CHANGE_REASONS[r].dir > 0);
const REMOVE = VOTER_CHANGE_REASON_IDS.filter((r) => VOTER_CHANGE_REASONS[r].dir < 0);
const ROW_LABEL = { province: 'Tỉnh, thành phố', commune: 'Xã, phường, đặc khu', area: 'Khu vực bỏ phiếu' } as const;

/** The column titles, in the order committees file them: list at start, additions, removals, list at end. */
export function reportHeader(r: ScopeVoterReport): string[] {
  return [
    'STT',
    ROW_LABEL[r.rowKind],
    'Cử tri đầu kỳ',
    ...ADD.map((x: VoterChangeReason) => `Tăng: ${VOTER_CHANGE_REASONS[x].vi}`),
    ...REMOVE.map((x: VoterChangeReason) => `Giảm: ${VOTER_CHANGE_REASONS[x].vi}`),
    'Tổng tăng',
    'Tổng giảm',
    'Điều chỉnh khi sửa dữ liệu khu vực',
    'Cử tri cuối kỳ',
    'Thay đổi QH',
    'Thay đổi HĐND tỉnh',
    'Thay đổi HĐND xã',
  ];
}

function cells(row: ReportRow): number[] {
  return [
    row.startNa,
    ...ADD.map((x) => row.byReason[x]),
    ...REMOVE.map((x) => row.byReason[x]),
    row.added,
    row.removed,
    row.corrected.na,
    row.endNa,
    row.net.na,
    row.net.pc,
    row.net.cc,
  ];
}

export function reportTitle(r: ScopeVoterReport): string[] {
  const period = r.from || r.to ? `Từ ${r.from ?? 'đầu'} đến ${r.to ?? 'nay'}` : 'Toàn bộ thời gian';
  return [
    `BÁO CÁO BIẾN ĐỘNG DANH SÁCH CỬ TRI — ${r.scopeName}`,
    `${r.election.name}. ${period}. Lập lúc ${r.generatedAt}.`,
  ];
}

const fmt = (n: number) => n.toLocaleString('vi-VN');

/** The report as an Excel workbook: numbers stay numbers, so committees can add up and forward it. */
export async function voterReportXlsx(r: ScopeVoterReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trung tâm điều hành bầu cử';
  const ws = wb.addWorksheet('Biến động cử tri');
  const [title, sub] = reportTitle(r);
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([sub]);
  ws.addRow([]);
  const head = ws.addRow(reportHeader(r));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  r.rows.forEach((row, i) => ws.addRow([i + 1, row.name, ...cells(row)]));
  ws.addRow(['', 'Tổng cộng', ...cells(r.total)]).font = { bold: true };
  ws.getColumn(2).width = 36;
  for (let c = 3; c <= reportHeader(r).length; c++) ws.getColumn(c).width = 14;
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The report as an A4 landscape PDF in Vietnamese, with a line to sign. */
export async function voterReportPdf(r: ScopeVoterReport): Promise<Buffer> {
  const pdfmake = ensureFonts();
  const header = reportHeader(r);
  const [title, sub] = reportTitle(r);
  const body = [
    header.map((t) => ({ text: t, bold: true, fontSize: 6 })),
    ...r.rows.map((row, i) => [String(i + 1), row.name, ...cells(row).map(fmt)]),
    ['', { text: 'Tổng cộng', bold: true }, ...cells(r.total).map((n) => ({ text: fmt(n), bold: true }))],
  ];
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [20, 30, 20, 30],
    defaultStyle: { font: 'DejaVu', fontSize: 7 },
    content: [
      { text: title, fontSize: 13, bold: true },
      { text: sub, margin: [0, 3, 0, 8] },
      {
        table: { headerRows: 1, widths: [16, 90, ...header.slice(2).map(() => '*')], body },
        layout: 'lightHorizontalLines',
      },
      { text: 'Người lập biểu (ký, ghi rõ họ tên)', margin: [480, 24, 0, 0] },
    ],
  };
  return pdfmake.createPdf(doc).getBuffer();
}
