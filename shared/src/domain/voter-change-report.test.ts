import { describe, expect, it } from 'vitest';
import { voterChangeReport } from './voter-change-report.js';
import type { ReportChange } from './voter-change-report.js';
import { changeDelta, negate } from './voter-roll.js';
import type { VoterChangeReason } from './voter-roll.js';

const t = (h: number) => Date.parse(`2026-03-14T${String(h).padStart(2, '0')}:00:00+07:00`);
const ch = (area: string, reason: VoterChangeReason, n: number, h: number, reverts: number | null = null) => ({
  areaId: area,
  communeCode: area.slice(0, 5),
  provinceCode: '01',
  reason,
  delta: reverts ? negate(changeDelta(reason, n)) : changeDelta(reason, n),
  effectiveMs: t(h),
  reverts,
});
const changes: ReportChange[] = [
  ch('00101-0001', 'moved-in', 5, 8),
  ch('00101-0001', 'deceased', 2, 9),
  ch('00101-0002', 'certificate-in', 3, 10),
  ch('00102-0001', 'moved-out', 4, 11),
  ch('00101-0001', 'moved-in', 5, 12, 1), // revert of the first
  ch('00102-0001', 'added-late', 1, 15),
];
const rows = [
  { code: '00101', name: 'A', registeredNow: { na: 1000, cc: 900 } },
  { code: '00102', name: 'B', registeredNow: { na: 500, cc: 500 } },
];

describe('§5 voter-change report', () => {
  it('§5 counts additions and removals by reason per commune, with the list at the start and end', () => {
    const r = voterChangeReport(changes, rows, (c) => c.communeCode, null, null);
    const a = r.rows[0]!;
    expect(a.byReason['moved-in']).toBe(0); // added then reverted
    expect(a.byReason.deceased).toBe(2);
    expect(a.byReason['certificate-in']).toBe(3);
    expect(a.added).toBe(3);
    expect(a.removed).toBe(2);
    expect(a.net).toEqual({ na: 1, pc: 1, cc: -2 });
    expect([a.startNa, a.endNa]).toEqual([999, 1000]);
    expect(a.reverts).toBe(1);
    expect(r.total.net.na).toBe(1 - 3);
    expect(r.total.endNa).toBe(1500);
  });
  it('§5 a correction of the reference data is reported on its own, signed per contest, and moves the totals', () => {
    const fix: ReportChange = {
      areaId: '00101-0002',
      communeCode: '00101',
      provinceCode: '01',
      reason: 'correction',
      delta: { na: 12, pc: 12, cc: -3 },
      effectiveMs: t(13),
      reverts: null,
    };
    const r = voterChangeReport([...changes, fix], rows, (c) => c.communeCode, null, null);
    const a = r.rows[0]!;
    expect(a.corrected).toEqual({ na: 12, pc: 12, cc: -3 });
    expect([a.added, a.removed]).toEqual([3, 2]);
    expect(a.net).toEqual({ na: 13, pc: 13, cc: -5 });
    expect(a.startNa + a.added - a.removed + a.corrected.na).toBe(a.endNa);
    expect(r.total.corrected.na).toBe(12);
    // Before the correction took effect, the end figure excludes it.
    expect(voterChangeReport([...changes, fix], rows, (c) => c.communeCode, null, t(12)).rows[0]!.endNa).toBe(988);
  });
  it('§5 a period takes changes by effective time; later changes are taken off the end figure', () => {
    const r = voterChangeReport(changes, rows, (c) => c.communeCode, t(9), t(11));
    const [a, b] = r.rows;
    expect(a!.net.na).toBe(-2 + 3);
    expect(a!.endNa).toBe(1000 + 5); // the revert at 12:00 took 5 off after the period
    expect(a!.startNa).toBe(1004);
    expect(b!.removed).toBe(4);
    expect(b!.endNa).toBe(499);
    expect(r.total.changes).toBe(3);
  });
});
