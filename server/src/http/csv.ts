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
