import { describe, expect, it } from 'vitest';
import { applyTurnout, checkTurnout } from './turnout-rules.js';
import type { AreaTurnout } from './turnout-rules.js';

const open = Date.parse('2026-03-15T05:00:00+07:00');
const close = Date.parse('2026-03-15T21:00:00+07:00');
const at = (h: number) => open + (h - 5) * 3600_000;
const fresh: AreaTurnout = { registered: 1000, voted: 0, reported: false, lastAt: 0, open, close };
const after = applyTurnout(fresh, { voted: 500, at: at(10), kind: 'report' });

describe('turnout report rules (election-vn.md §2.1, §3.1)', () => {
  it('§2.1 refuses a time outside 05:00–21:00', () => {
    expect(checkTurnout(fresh, { voted: 1, at: open - 1, kind: 'report' }, at(10), null)).toBe('OUTSIDE_VOTING_WINDOW');
    expect(checkTurnout(fresh, { voted: 1, at: close + 1, kind: 'report' }, at(10), null)).toBe(
      'OUTSIDE_VOTING_WINDOW',
    );
    expect(checkTurnout(fresh, { voted: 1, at: close, kind: 'report' }, close, null)).toBeNull();
  });
  it('§1.3 refuses more voters than on the list', () => {
    expect(checkTurnout(fresh, { voted: 1001, at: at(10), kind: 'report' }, at(10), null)).toBe(
      'VOTED_EXCEEDS_REGISTERED',
    );
  });
  it('§3.1 counts are cumulative: no decrease, no going back in time, one count per instant', () => {
    expect(checkTurnout(after, { voted: 499, at: at(11), kind: 'report' }, at(11), null)).toBe('DECREASING_COUNT');
    expect(checkTurnout(after, { voted: 600, at: at(9), kind: 'report' }, at(11), null)).toBe('STALE_REPORT');
    expect(checkTurnout(after, { voted: 501, at: at(10), kind: 'report' }, at(11), null)).toBe('CONFLICTING_REPORT');
    expect(checkTurnout(after, { voted: 500, at: at(11), kind: 'report' }, at(11), null)).toBeNull();
  });
  it('§3.1 a correction may lower a count', () => {
    expect(checkTurnout(after, { voted: 400, at: at(10), kind: 'correction' }, at(11), null)).toBeNull();
  });
  it('refuses reports from the future in a live election only', () => {
    expect(checkTurnout(fresh, { voted: 1, at: at(12), kind: 'report' }, at(10), 300_000)).toBe('REPORT_IN_FUTURE');
    expect(checkTurnout(fresh, { voted: 1, at: at(12), kind: 'report' }, at(10), null)).toBeNull();
  });
});
