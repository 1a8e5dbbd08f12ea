/** `datetime-local` values are Vietnam wall-clock time (UTC+7, no daylight saving), whatever the phone's zone. */
const VN_OFFSET_MS = 7 * 60 * 60_000;

export function localInputValue(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 16);
}

/** "2026-03-15T08:05" → "2026-03-15T08:05:00+07:00". */
export function vnIsoFromInput(v: string): string {
  return `${v.length === 16 ? `${v}:00` : v.slice(0, 19)}+07:00`;
}
