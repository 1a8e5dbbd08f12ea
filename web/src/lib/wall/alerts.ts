import type { Contest } from '@ecc/shared';
import { expectedPctAt } from './expected.js';

/**
 * What needs action now, as plain data (the ticker words it per language). Rules:
 * - behind: a province (or, when one is focused, a commune) more than 5 points below the 2026 national curve
 *   interpolated at the election clock; critical beyond 15 points.
 * - unit: once the curve has passed 70 % (11:20 in 2026), an electoral unit at or below 55 %: warning, critical at
 *   or below 50 % (§2.8: such a unit's result does not stand and it votes again). Earlier in the day every unit
 *   is still below half and the alert would be noise. At most 10 per contest, lowest first.
 * - silent: polling areas that missed the last expected checkpoint, one alert per place with its count.
 */
export const BEHIND_POINTS = 5;
export const BEHIND_CRITICAL_POINTS = 15;
export const UNIT_ALERTS_FROM_EXPECTED_PCT = 70;
export const UNIT_NEAR_PCT = 55;
export const UNIT_ALERTS_PER_CONTEST = 10;

export type Severity = 'critical' | 'warning';

interface Base {
  /** Stable across updates, so the ticker keeps the time it first saw the condition. */
  id: string;
  severity: Severity;
  /** Orders alerts first seen together: the larger, the more urgent. */
  score: number;
}
export type Alert =
  | (Base & { kind: 'behind'; name: string; pct: number; expected: number })
  | (Base & { kind: 'unit'; name: string; contest: Contest; pct: number })
  | (Base & { kind: 'silent'; name: string; count: number; since: number | null });

export interface Place {
  id: string;
  name: string;
  voted: number;
  registered: number;
}
export interface UnitTurnout {
  id: string;
  name: string;
  contest: Contest;
  voted: number;
  registered: number;
}
export interface AlertInput {
  /** The election clock as minutes since local midnight on election day; null when not election day. */
  minute: number | null;
  places: readonly Place[];
  /** Each contest's units, lowest turnout first (the server's /units-at-risk order). */
  units: readonly UnitTurnout[];
  /** Place id → polling areas silent since the last checkpoint. */
  silent: ReadonlyMap<string, number>;
  /** The checkpoint the silent areas missed (epoch ms), if any. */
  silentSince: number | null;
}

const pct = (voted: number, registered: number) => (registered > 0 ? (100 * voted) / registered : 0);

function behind(input: AlertInput, expected: number): Alert[] {
  return input.places.flatMap((p): Alert[] => {
    const have = pct(p.voted, p.registered);
    const gap = expected - have;
    if (p.registered <= 0 || gap <= BEHIND_POINTS) return [];
    const severity = gap > BEHIND_CRITICAL_POINTS ? 'critical' : 'warning';
    return [{ id: `behind:${p.id}`, kind: 'behind', severity, score: gap, name: p.name, pct: have, expected }];
  });
}

function units(input: AlertInput, expected: number): Alert[] {
  if (expected < UNIT_ALERTS_FROM_EXPECTED_PCT) return [];
  const perContest = new Map<Contest, number>();
  return input.units.flatMap((u): Alert[] => {
    const have = pct(u.voted, u.registered);
    const n = perContest.get(u.contest) ?? 0;
    if (u.registered <= 0 || have > UNIT_NEAR_PCT || n >= UNIT_ALERTS_PER_CONTEST) return [];
    perContest.set(u.contest, n + 1);
    const severity = 2 * u.voted <= u.registered ? 'critical' : 'warning';
    return [
      { id: `unit:${u.id}`, kind: 'unit', severity, score: 100 - have, name: u.name, contest: u.contest, pct: have },
    ];
  });
}

function silent(input: AlertInput): Alert[] {
  const names = new Map(input.places.map((p) => [p.id, p.name]));
  return [...input.silent].flatMap(([id, count]): Alert[] =>
    count > 0
      ? [
          {
            id: `silent:${id}`,
            kind: 'silent',
            severity: 'warning',
            score: count,
            name: names.get(id) ?? id,
            count,
            since: input.silentSince,
          },
        ]
      : [],
  );
}

export function evaluateAlerts(input: AlertInput): Alert[] {
  const expected = input.minute === null ? null : expectedPctAt(input.minute);
  return [...(expected === null ? [] : [...behind(input, expected), ...units(input, expected)]), ...silent(input)];
}
