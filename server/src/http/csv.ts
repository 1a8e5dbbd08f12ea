import type { Election } from '@ecc/shared';
import { drillCsvRows } from '@ecc/shared';
/**
 * CSV for spreadsheets. A cell starting with = + - @ (or a tab/CR) is prefixed with an apostrophe, so a name
 * like `=HYPERLINK(…)` typed into an account or carried into an audit entry is shown, never evaluated.
 */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // A BOM so spreadsheet programs read the Vietnamese names as UTF-8.
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * CSV of an election's data: a drill's file starts with a `DIỄN TẬP / DRILL,<id>` row before the header (issue 9),
 * so a drill's figures are never taken for real ones once downloaded.
 */
export function electionCsv(
  header: string[],
  rows: unknown[][],
  election: Pick<Election, 'kind' | 'id'> | null | undefined,
): string {
  return (
    '\uFEFF' + [...drillCsvRows(election), header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
  );
}
