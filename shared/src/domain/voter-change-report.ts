import type { Registered } from '../schemas/reference.js';
import { LIST_CORRECTION, VOTER_CHANGE_REASON_IDS, VOTER_CHANGE_REASONS } from './voter-roll.js';
import type { VoterChangeKind, VoterChangeReason } from './voter-roll.js';

/** What the report needs of a change: where, why, how much per contest, effective when. */
export interface ReportChange {
  areaId: string;
  communeCode: string;
  provinceCode: string;
  reason: VoterChangeKind;
  delta: Registered;
  effectiveMs: number;
  reverts: number | null;
}

export interface ReportRowInput {
  code: string;
  name: string;
  /** The row's list total and commune-council voters now (after every change so far). */
  registeredNow: { na: number; cc: number };
}

export interface ReportRow {
  code: string;
  name: string;
  /** Voters per reason in the reason's direction (added for additions, removed for removals); reverts subtract. */
  byReason: Record<VoterChangeReason, number>;
  added: number;
  removed: number;
  /** Corrections of the reference data (LIST_CORRECTION), signed per contest: neither added nor removed. */
  corrected: Registered;
  /** Signed change per contest over the period. */
  net: Registered;
  /** List total (na) at the start and the end of the period. */
  startNa: number;
  endNa: number;
  changes: number;
  reverts: number;
}

export interface VoterChangeReport {
  fromMs: number | null;
  toMs: number | null;
  rows: ReportRow[];
  total: ReportRow;
}

function blankRow(code: string, name: string): ReportRow {
  return {
    code,
    name,
    byReason: Object.fromEntries(VOTER_CHANGE_REASON_IDS.map((r) => [r, 0])) as Record<VoterChangeReason, number>,
    added: 0,
    removed: 0,
    corrected: { na: 0, pc: 0, cc: 0 },
    net: { na: 0, pc: 0, cc: 0 },
    startNa: 0,
    endNa: 0,
    changes: 0,
    reverts: 0,
  };
}

/**
 * The voter-change report a committee files for a period (§5 changes, "record list version/time"): per child
 * row (provinces of the nation, communes of a province, polling areas of a commune) the voters added and removed
 * by reason, the net change per contest, and the list total at the start and end of the period. Periods are by
 * effective time; the list total at the end is today's minus what took effect after the period.
 */
export function voterChangeReport(
  changes: readonly ReportChange[],
  rows: readonly ReportRowInput[],
  rowOf: (c: ReportChange) => string,
  fromMs: number | null,
  toMs: number | null,
): VoterChangeReport {
  const out = new Map(rows.map((r) => [r.code, blankRow(r.code, r.name)]));
  const after = new Map<string, number>();
  for (const c of changes) {
    const code = rowOf(c);
    const row = out.get(code);
    if (!row) continue;
    if (toMs !== null && c.effectiveMs > toMs) {
      after.set(code, (after.get(code) ?? 0) + c.delta.na);
      continue;
    }
    if (fromMs !== null && c.effectiveMs < fromMs) continue;
    if (c.reason === LIST_CORRECTION.id) {
      row.corrected.na += c.delta.na;
      row.corrected.pc += c.delta.pc;
      row.corrected.cc += c.delta.cc;
    } else {
      const r = VOTER_CHANGE_REASONS[c.reason];
      const n = c.delta.na * r.dir;
      row.byReason[c.reason] += n;
      if (r.dir > 0) row.added += n;
      else row.removed += n;
    }
    row.net.na += c.delta.na;
    row.net.pc += c.delta.pc;
    row.net.cc += c.delta.cc;
    row.changes += 1;
    if (c.reverts !== null) row.reverts += 1;
  }
  const total = blankRow('total', '');
  const result: ReportRow[] = [];
  for (const input of rows) {
    const row = out.get(input.code)!;
    row.endNa = input.registeredNow.na - (after.get(input.code) ?? 0);
    row.startNa = row.endNa - row.net.na;
    for (const r of VOTER_CHANGE_REASON_IDS) total.byReason[r] += row.byReason[r];
    total.added += row.added;
    total.removed += row.removed;
    for (const k of ['na', 'pc', 'cc'] as const) total.corrected[k] += row.corrected[k];
    total.net.na += row.net.na;
    total.net.pc += row.net.pc;
    total.net.cc += row.net.cc;
    total.startNa += row.startNa;
    total.endNa += row.endNa;
    total.changes += row.changes;
    total.reverts += row.reverts;
    result.push(row);
  }
  return { fromMs, toMs, rows: result, total };
}
