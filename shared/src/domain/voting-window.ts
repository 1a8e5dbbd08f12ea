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
