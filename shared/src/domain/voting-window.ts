import type { Election } from '../schemas/election.js';

/** Vietnam keeps UTC+07:00 all year (no daylight saving), so local times map to instants by a fixed offset. */
export const VN_OFFSET = '+07:00';

export function localInstant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00${VN_OFFSET}`);
}

/** An area may vote between 05:00 and 21:00 local on its own voting date (§2.1, early voting §2.2). */
export function votingWindow(election: Election, votingDate: string): { open: number; close: number } {
  return { open: localInstant(votingDate, election.windowOpen), close: localInstant(votingDate, election.windowClose) };
}

/** ISO-8601 in Vietnam's offset, for messages and logs that people read. */
export function toVnIso(ms: number): string {
  const d = new Date(ms + 7 * 3600_000);
  return d.toISOString().replace('Z', VN_OFFSET);
}

/** §2.1: voting runs 07:00–19:00; the box is closed at the set time whether or not everyone has voted. */
export const STATUTORY_CLOSE = '19:00';

/**
 * When an area's polls are closed for counting (§2.1, §2.5 "counting starts right after voting ends"): at 19:00
 * local on its own voting date (early-voting areas, §2.2, have theirs), or earlier once every listed voter has
 * voted (§2.1 early close in practice). A team that extended voting past 19:00 simply sends its record later.
 */
export function pollsClosedAt(votingDate: string): number {
  return localInstant(votingDate, STATUTORY_CLOSE);
}

export function pollsClosed(votingDate: string, at: number, allVoted: boolean): boolean {
  return allVoted || at >= pollsClosedAt(votingDate);
}
