import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import type { Election, SheetKind } from '@ecc/shared';
import { SHEETS, SHEET_KINDS, dateCell, drillMark, fold } from '@ecc/shared';

type Sheets = Record<SheetKind, string[][]>;

/**
 * The committees' workbook: one sheet per kind (Vietnamese name and headers), then an instructions sheet. A drill's
 * sheets start with a `DIỄN TẬP / DRILL` row, which the import skips (stripDrillRow).
 */
export async function sheetsToXlsx(
  sheets: Sheets,
  election: Pick<Election, 'kind' | 'id' | 'name'> | null,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Election Command Center';
  const mark = drillMark(election);
  if (mark) wb.title = `${mark.text} — ${election!.name}`;
  for (const kind of SHEET_KINDS) {
    const ws = wb.addWorksheet(SHEETS[kind].vi, mark ? { properties: { tabColor: { argb: 'FFC0392B' } } } : {});
    if (mark) {
      const r = ws.addRow([mark.text, election!.id]);
      r.font = { bold: true, color: { argb: 'FFC0392B' } };
    }
    const [header, ...rows] = sheets[kind];
    const h = ws.addRow(header ?? []);
    h.font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c, i) => (c.width = Math.min(60, Math.max(10, (header?.[i]?.length ?? 10) + 4))));
    // Codes keep their leading zeros: every cell is text.
    ws.eachRow((r) => r.eachCell((c) => (c.numFmt = '@')));
  }
  const help = wb.addWorksheet('Hướng dẫn');
  help.addRow(['Sheet', 'Cột', 'Bắt buộc', 'Nội dung']).font = { bold: true };
  for (const kind of SHEET_KINDS)
    for (const c of SHEETS[kind].columns) help.addRow([SHEETS[kind].vi, c.vi, c.required ? 'Có' : 'Không', c.hint]);
  help.columns.forEach((c, i) => (c.width = [20, 28, 10, 80][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell as the text a committee typed: dates as dd/mm/yyyy, formulas by their result. */
function text(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateCell(v.toISOString().slice(0, 10));
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : text(v.result as CellValue);
    if ('error' in v) return v.error;
    return '';
  }
  return String(v);
}

export class UnreadableWorkbook extends Error {}

/** The known sheets of an uploaded workbook (by Vietnamese or English name), rows indexed by row number − 1. */
export async function xlsxToSheets(buf: Buffer): Promise<Partial<Sheets>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableWorkbook('not an XLSX workbook');
  }
  const out: Partial<Sheets> = {};
  wb.eachSheet((ws) => {
    const f = fold(ws.name);
    const kind = SHEET_KINDS.find((k) => fold(SHEETS[k].vi) === f || fold(SHEETS[k].en) === f || k === f);
    if (!kind || out[kind]) return;
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = text(cell.value)));
      rows[n - 1] = Array.from(cells, (c) => c ?? '');
    });
    out[kind] = Array.from(rows, (r) => r ?? []);
  });
  return out;
}
