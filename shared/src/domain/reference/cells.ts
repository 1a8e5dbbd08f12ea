/**
 * Reading the committees' sheets cell by cell: header matching, the issue list (sheet, row, column, Vietnamese and
 * English), and the cell readers every sheet's parser uses (parse.ts).
 */
import { ISSUES } from './issues.js';
import type { ImportIssue, IssueCode } from './issues.js';
import { SHEETS, decodeCell, fold } from './sheets.js';
import type { SheetKind } from './sheets.js';

/** A sheet's rows beyond this are refused (a national sheet of polling areas has 72,195). */
export const MAX_ROWS = 200_000;
export type Row = { row: number; get: (key: string) => string };

export class Issues {
  list: ImportIssue[] = [];
  add<C extends IssueCode>(
    sheet: SheetKind,
    row: number,
    key: string,
    code: C,
    args: Parameters<(typeof ISSUES)[C]>,
    severity: 'error' | 'warning' = 'error',
  ): void {
    const column = key ? (SHEETS[sheet].columns.find((c) => c.key === key)?.vi ?? key) : '';
    const msg = (ISSUES[code] as (...a: unknown[]) => { vi: string; en: string })(...args);
    this.list.push({ sheet, row, column, code, severity, ...msg });
  }
  get errors(): number {
    return this.list.filter((i) => i.severity === 'error').length;
  }
}

/** Maps header cells (Vietnamese, English or key, any case or diacritics) to column keys; reports missing ones. */
export function rowsOf(kind: SheetKind, table: readonly (readonly string[])[], issues: Issues): Row[] {
  const [header, ...data] = table;
  const cols = SHEETS[kind].columns;
  const index = new Map<string, number>();
  (header ?? []).forEach((cell, i) => {
    const f = fold(cell);
    const c = cols.find((c) => fold(c.vi) === f || fold(c.en) === f || fold(c.key) === f);
    if (c && !index.has(c.key)) index.set(c.key, i);
  });
  if (table.length === 0) return [];
  for (const c of cols) if (c.required && !index.has(c.key)) issues.add(kind, 1, c.key, 'MISSING_COLUMN', [c.vi]);
  if (data.length > MAX_ROWS) {
    issues.add(kind, 1, '', 'TOO_MANY_ROWS', [MAX_ROWS]);
    return [];
  }
  const out: Row[] = [];
  data.forEach((cells, i) => {
    if (!cells.some((c) => c.trim() !== '')) return;
    out.push({ row: i + 2, get: (key) => (cells[index.get(key) ?? -1] ?? '').trim() });
  });
  return out;
}

/** A whole number ≥ 0; thousands separators (1.234 / 1,234 / 1 234) accepted. */
export function intCell(v: string): number | undefined {
  const s = v.replace(/[\s.,]/g, '');
  return /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

export function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function daysBefore(date: string, ref: string): number {
  return (Date.parse(`${ref}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
}

/** Cell readers over one issue list: a required cell reports REQUIRED (or NOT_A_NUMBER, UNKNOWN_VALUE) and gives
 * undefined. */
export function cellReaders(issues: Issues) {
  const need = (k: SheetKind, r: Row, key: string): string | undefined => {
    const v = r.get(key);
    if (v === '') issues.add(k, r.row, key, 'REQUIRED', []);
    return v || undefined;
  };
  const needInt = (k: SheetKind, r: Row, key: string, min = 0, max = 999_999_999): number | undefined => {
    const v = need(k, r, key);
    if (v === undefined) return undefined;
    const n = intCell(v);
    if (n === undefined || n < min || n > max) {
      issues.add(k, r.row, key, 'NOT_A_NUMBER', [v]);
      return undefined;
    }
    return n;
  };
  const coded = <K extends string>(k: SheetKind, r: Row, key: string, map: Record<K, string>): K | undefined => {
    const v = need(k, r, key);
    if (v === undefined) return undefined;
    const out = decodeCell(map, v);
    if (out === undefined) issues.add(k, r.row, key, 'UNKNOWN_VALUE', [v, Object.values<string>(map).join(' | ')]);
    return out;
  };
  return { need, needInt, coded };
}
