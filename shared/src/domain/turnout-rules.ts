import type { ErrorCode } from '../errors.js';

/** An area's turnout state as the store keeps it. */
export interface AreaTurnout {
  registered: number;
  voted: number;
  reported: boolean;
  lastAt: number;
  open: number;
  close: number;
}

export interface TurnoutInput {
  voted: number;
  at: number;
  kind: 'report' | 'correction';
}

/**
 * The acceptance rules for one report (§2.1 window, §3.1 cumulative counts). The Redis script applies the same
 * rules atomically; this pure form is the model the property tests check the store against, and what
 * clients use to warn before sending.
 */
export function checkTurnout(
  s: AreaTurnout,
  r: TurnoutInput,
  now: number,
  maxFutureMs: number | null,
): ErrorCode | null {
  if (r.voted > s.registered) return 'VOTED_EXCEEDS_REGISTERED';
  if (r.at < s.open || r.at > s.close) return 'OUTSIDE_VOTING_WINDOW';
  if (maxFutureMs !== null && r.at > now + maxFutureMs) return 'REPORT_IN_FUTURE';
  if (r.kind === 'report' && s.reported) {
    if (r.at < s.lastAt) return 'STALE_REPORT';
    if (r.voted < s.voted) return 'DECREASING_COUNT';
    if (r.at === s.lastAt && r.voted !== s.voted) return 'CONFLICTING_REPORT';
  }
  return null;
}

export function applyTurnout(s: AreaTurnout, r: TurnoutInput): AreaTurnout {
  return { ...s, voted: r.voted, reported: true, lastAt: Math.max(s.lastAt, r.at) };
}
