import type { Election } from '../schemas/election.js';
import { localInstant } from './voting-window.js';

/**
 * Committees compile turnout at set times (§3.1). A checkpoint is due once its grace period has passed;
 * a report made within the grace period before the checkpoint counts for it (teams report a little early).
 * Returns the instant before which an area's last report makes it silent, or null when no checkpoint is due.
 */
export function silentThreshold(election: Election, votingDate: string, now: number): number | null {
  const grace = election.silentGraceMinutes * 60_000;
  let due: number | null = null;
  for (const cp of election.checkpoints) {
    const t = localInstant(votingDate, cp);
    if (t + grace <= now && (due === null || t > due)) due = t;
  }
  return due === null ? null : due - grace;
}

/** Silent = not at 100 % and no report since the last due checkpoint. */
export function isSilent(lastAt: number, full: boolean, threshold: number | null): boolean {
  return threshold !== null && !full && lastAt < threshold;
}
