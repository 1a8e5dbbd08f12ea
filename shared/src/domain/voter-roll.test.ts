import { describe, expect, it } from 'vitest';
import { applyVoterChange, changeDelta, checkVoterChange, negate, VOTER_CHANGE_REASONS } from './voter-roll.js';
import type { AreaRoll } from './voter-roll.js';

const close = Date.parse('2026-03-15T21:00:00+07:00');
const area: AreaRoll = { registered: { na: 1000, pc: 1000, cc: 950 }, voted: 990, close };
const live = (now: number) => ({ now, maxFutureMs: 300_000 });

describe('§5 voter-list changes', () => {
  it('§5 every reason adds or removes; §1.3 temporary residents and certificate holders get NA + provincial only', () => {
    expect(changeDelta('moved-in', 3)).toEqual({ na: 3, pc: 3, cc: 3 });
    expect(changeDelta('deceased', 2)).toEqual({ na: -2, pc: -2, cc: -2 });
    expect(changeDelta('certificate-in', 4)).toEqual({ na: 4, pc: 4, cc: 0 });
    expect(changeDelta('temporary-resident', 1)).toEqual({ na: 1, pc: 1, cc: 0 });
    for (const r of Object.values(VOTER_CHANGE_REASONS)) expect(r.vi.length).toBeGreaterThan(3);
  });
  it('§1.3 the committee may name the contests; the list total (na) is always changed', () => {
    expect(changeDelta('moved-out', 5, ['na', 'pc'])).toEqual({ na: -5, pc: -5, cc: 0 });
    expect(changeDelta('added-late', 5, ['pc'])).toEqual({ na: 5, pc: 5, cc: 0 });
  });
  it('§5 refuses to drop the list below the voters who already voted', () => {
    expect(checkVoterChange(area, changeDelta('deceased', 10), close - 1, null)).toBeNull();
    expect(checkVoterChange(area, changeDelta('deceased', 11), close - 1, null)).toBe('REGISTERED_BELOW_VOTED');
  });
  it('§1.3 a contest never exceeds the list total nor goes negative', () => {
    expect(checkVoterChange(area, { na: -5, pc: 0, cc: 0 }, close - 1, null)).toBe('CONTEST_EXCEEDS_LIST');
    const small: AreaRoll = { registered: { na: 10, pc: 10, cc: 2 }, voted: 0, close };
    expect(checkVoterChange(small, changeDelta('deceased', 3), close, null)).toBe('CONTEST_EXCEEDS_LIST');
  });
  it('§2.1 no change after the area closes (21:00 on its voting date, §2.2 earlier for early areas)', () => {
    expect(checkVoterChange(area, changeDelta('moved-in', 1), close + 1, null)).toBe('POLLS_CLOSED');
    expect(checkVoterChange(area, changeDelta('moved-in', 1), close - 10, live(close + 1))).toBe('POLLS_CLOSED');
    expect(checkVoterChange(area, changeDelta('moved-in', 1), close - 10, live(close - 3600_000))).toBe(
      'CHANGE_IN_FUTURE',
    );
    expect(checkVoterChange(area, changeDelta('moved-in', 1), close - 3600_000, live(close - 3600_000))).toBeNull();
  });
  it('§5 reverting is the opposite change: applied after the original it restores the list', () => {
    const d = changeDelta('certificate-out', 7);
    expect(applyVoterChange(applyVoterChange(area.registered, d), negate(d))).toEqual(area.registered);
  });
});
