import { describe, expect, it } from 'vitest';
import { canMoveTo, daysBetween, repeatVoteProblem } from './election-lifecycle.js';
import { drillCsvRows, drillMark, stampFileName, stampTitle, stripDrillRow } from './election-label.js';

describe('election status', () => {
  it('moves one step forward only', () => {
    expect(canMoveTo('draft', 'locked')).toBe(true);
    expect(canMoveTo('locked', 'voting')).toBe(true);
    expect(canMoveTo('voting', 'closed')).toBe(true);
    expect(canMoveTo('draft', 'voting')).toBe(false);
    expect(canMoveTo('closed', 'draft')).toBe(false);
    expect(canMoveTo('locked', 'draft')).toBe(false);
  });
});

describe('§2.8 re-votes and additional votes: within 15 days of a finished first vote', () => {
  const parent = { date: '2026-03-15', status: 'closed' as const, kind: 'general' as const };
  it('accepts 1..15 days after', () => {
    expect(daysBetween('2026-03-15', '2026-03-30')).toBe(15);
    expect(repeatVoteProblem(parent, 're-vote', '2026-03-22')).toBeNull();
    expect(repeatVoteProblem(parent, 'additional', '2026-03-30')).toBeNull();
  });
  it('refuses a later or earlier date, an unfinished parent, another kind', () => {
    expect(repeatVoteProblem(parent, 're-vote', '2026-03-31')).toBe('REPEAT_DATE');
    expect(repeatVoteProblem(parent, 're-vote', '2026-03-15')).toBe('REPEAT_DATE');
    expect(repeatVoteProblem({ ...parent, status: 'voting' }, 're-vote', '2026-03-22')).toBe('PARENT_NOT_CLOSED');
    expect(repeatVoteProblem(parent, 'drill', '2026-03-22')).toBe('WRONG_KIND');
  });
});

describe('drill mark', () => {
  const drill = { kind: 'drill' as const, id: 'dt-1' };
  const real = { kind: 'general' as const, id: 'qh16' };
  it('stamps titles, file names and CSV only for a drill', () => {
    expect(drillMark(drill)?.text).toBe('DIỄN TẬP / DRILL');
    expect(drillMark(real)).toBeNull();
    expect(stampTitle('Tài khoản', drill)).toBe('DIỄN TẬP / DRILL — Tài khoản');
    expect(stampTitle('Tài khoản', real)).toBe('Tài khoản');
    expect(stampFileName('audit.csv', drill)).toBe('DIEN-TAP-audit.csv');
    expect(drillCsvRows(real)).toEqual([]);
    const rows = [...drillCsvRows(drill), ['a', 'b']];
    expect(stripDrillRow(rows)).toEqual([['a', 'b']]);
    expect(stripDrillRow([['a', 'b']])).toEqual([['a', 'b']]);
  });
});
