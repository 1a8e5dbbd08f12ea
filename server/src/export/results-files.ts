import ExcelJS from 'exceljs';
import { toCsv } from '../http/csv.js';
import { neutralise } from './results-tables.js';
import type { Cell, Table } from './results-tables.js';

/** CSV of one table (UTF-8 with BOM, CRLF, formula-like cells neutralised by csv.ts). */
export function tableCsv(t: Table): string {
  return toCsv(t.header, t.rows);
}

/**
 * An XLSX workbook with one sheet per table: header in bold and frozen, numbers as numbers, and every text cell
 * that a spreadsheet could read as a formula (= + - @, tab, CR) prefixed with an apostrophe, as in the CSV.
 */
export async function tablesXlsx(tables: readonly Table[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Election Command Center';
  wb.title = title;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.header.map(neutralise));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map(neutralise));
    ws.columns.forEach((c) => (c.width = 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the tables back (tests, and anyone checking an export): every sheet as header + rows. */
export async function readXlsx(data: Buffer): Promise<Table[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: Cell[][] = [];
    ws.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : (v as Cell)));
      rows.push(values);
    });
    const [header = [], ...body] = rows;
    return { name: ws.name, header: header.map(String), rows: body };
  });
}
