import { describe, expect, it } from 'vitest';
import type { Election } from '../schemas/election.js';
import { isSilent, silentThreshold } from './silence.js';
import { localInstant, toVnIso, votingWindow } from './voting-window.js';

const election: Election = {
  id: 'qh16-2026',
  name: 'x',
  kind: 'general',
  mode: 'live',
  date: '2026-03-15',
  timezone: 'Asia/Ho_Chi_Minh',
  contests: ['na', 'pc', 'cc'],
  windowOpen: '05:00',
  windowClose: '21:00',
  checkpoints: ['09:00', '11:00', '13:00'],
  silentGraceMinutes: 20,
};
const t = (time: string, date = '2026-03-15') => localInstant(date, time);

describe('voting window (election-vn.md §2.1, §2.2)', () => {
  it('§2.1 opens at 05:00 and closes at 21:00 local time (UTC+7) on the voting date', () => {
    const w = votingWindow(election, '2026-03-15');
    expect(new Date(w.open).toISOString()).toBe('2026-03-14T22:00:00.000Z');
    expect(new Date(w.close).toISOString()).toBe('2026-03-15T14:00:00.000Z');
  });
  it('§2.2 an early-voting area has its window on its own date', () => {
    expect(votingWindow(election, '2026-03-08').open).toBe(t('05:00', '2026-03-08'));
  });
  it('prints instants in Vietnam time', () => {
    expect(toVnIso(Date.parse('2026-03-15T02:00:00Z'))).toBe('2026-03-15T09:00:00.000+07:00');
  });
});

describe('silent polling areas (election-vn.md §3.1 checkpoints)', () => {
  it('§3.1 no checkpoint is due before the first one plus its grace period', () => {
    expect(silentThreshold(election, '2026-03-15', t('09:19'))).toBeNull();
  });
  it('§3.1 after 09:20 an area is silent when it has not reported since 08:40', () => {
    const th = silentThreshold(election, '2026-03-15', t('09:20'));
    expect(th).toBe(t('08:40'));
    expect(isSilent(t('08:39'), false, th)).toBe(true);
    expect(isSilent(t('08:45'), false, th)).toBe(false);
    expect(isSilent(0, false, th)).toBe(true);
  });
  it('§3.1 the latest due checkpoint counts, and an area at 100 % is never silent', () => {
    const th = silentThreshold(election, '2026-03-15', t('13:30'));
    expect(th).toBe(t('12:40'));
    expect(isSilent(t('11:00'), false, th)).toBe(true);
    expect(isSilent(t('11:00'), true, th)).toBe(false);
  });
});
