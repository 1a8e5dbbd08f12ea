import { describe, expect, it } from 'vitest';
import { AlertBook } from './alert-book.js';
import { UNIT_ALERTS_PER_CONTEST, evaluateAlerts } from './alerts.js';
import type { AlertInput, UnitTurnout } from './alerts.js';

const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const input = (over: Partial<AlertInput>): AlertInput => ({
  minute: at('11:20'),
  places: [],
  units: [],
  silent: new Map(),
  silentSince: null,
  ...over,
});
const place = (id: string, pctTimes10: number) => ({ id, name: `P${id}`, voted: pctTimes10, registered: 1000 });
const unit = (id: string, voted: number, contest: UnitTurnout['contest'] = 'na'): UnitTurnout => ({
  id,
  name: id,
  contest,
  voted,
  registered: 1000,
});

describe('behind the expected curve', () => {
  it('flags a place more than 5 points below the curve, critical beyond 15', () => {
    // 11:20: the 2026 curve stood at 70 %
    const alerts = evaluateAlerts(input({ places: [place('01', 650), place('02', 649), place('03', 549)] }));
    expect(alerts.map((a) => [a.id, a.severity])).toEqual([
      ['behind:02', 'warning'],
      ['behind:03', 'critical'],
    ]);
    expect(alerts[0]).toMatchObject({ kind: 'behind', pct: 64.9, expected: 70 });
  });
  it('says nothing before polls open or off election day', () => {
    expect(evaluateAlerts(input({ minute: at('06:30'), places: [place('01', 0)] }))).toEqual([]);
    expect(evaluateAlerts(input({ minute: null, places: [place('01', 0)] }))).toEqual([]);
  });
});

describe('units near the 50 % rule', () => {
  it('stays quiet while the curve is below 70 % (every unit is below half in the morning)', () => {
    expect(evaluateAlerts(input({ minute: at('11:00'), units: [unit('na-01-01', 100)] }))).toEqual([]);
  });
  it('flags units at or below 55 %, critical at or below exactly 50 %', () => {
    const alerts = evaluateAlerts(
      input({ minute: at('15:00'), units: [unit('na-01-01', 500), unit('na-01-02', 501), unit('na-01-03', 551)] }),
    );
    expect(alerts.map((a) => [a.id, a.severity])).toEqual([
      ['unit:na-01-01', 'critical'],
      ['unit:na-01-02', 'warning'],
    ]);
  });
  it('keeps at most 10 per contest', () => {
    const many = Array.from({ length: 30 }, (_, i) => unit(`cc-00004-${String(i).padStart(2, '0')}`, 100, 'cc'));
    const alerts = evaluateAlerts(input({ minute: at('15:00'), units: [...many, unit('na-01-01', 100)] }));
    expect(alerts.filter((a) => a.kind === 'unit' && a.contest === 'cc')).toHaveLength(UNIT_ALERTS_PER_CONTEST);
    expect(alerts.some((a) => a.id === 'unit:na-01-01')).toBe(true);
  });
});

describe('silent polling areas', () => {
  it('gives one alert per place with silent areas, named, with the checkpoint time', () => {
    const since = Date.parse('2026-03-15T04:20:00Z');
    const alerts = evaluateAlerts(
      input({
        places: [place('01', 900)],
        silent: new Map([
          ['01', 3],
          ['02', 0],
        ]),
        silentSince: since,
      }),
    );
    expect(alerts).toEqual([
      { id: 'silent:01', kind: 'silent', severity: 'warning', score: 3, name: 'P01', count: 3, since },
    ]);
  });
});

describe('AlertBook', () => {
  const a = (id: string, severity: 'critical' | 'warning' = 'warning', score = 1) =>
    ({ id, kind: 'silent', severity, score, name: id, count: 1, since: null }) as const;

  it('lists the oldest first and keeps an alert in place while it lasts', () => {
    const book = new AlertBook();
    book.update([a('x')], 1000);
    const out = book.update([a('y', 'critical'), a('x')], 2000);
    expect(out.map((t) => [t.id, t.firstSeen])).toEqual([
      ['x', 1000],
      ['y', 2000],
    ]);
  });
  it('orders alerts seen together by severity, then urgency', () => {
    const out = new AlertBook().update([a('w1', 'warning', 9), a('c', 'critical', 1), a('w2', 'warning', 20)], 0);
    expect(out.map((t) => t.id)).toEqual(['c', 'w2', 'w1']);
  });
  it('forgets an alert that cleared: when it returns it is new', () => {
    const book = new AlertBook();
    book.update([a('x')], 1000);
    book.update([], 2000);
    expect(book.update([a('x')], 3000)[0]!.firstSeen).toBe(3000);
  });
});
