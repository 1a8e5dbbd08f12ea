import { differenceInSeconds } from 'date-fns';
import type { Messages } from '../i18n/vi.js';

/** Every time on screen is Vietnam's wall clock, whatever the device's own time zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dates = {
  vi: new Intl.DateTimeFormat('vi-VN', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }),
};

/** HH:mm:ss in Asia/Ho_Chi_Minh: 2026-03-15T01:02:03Z → "08:02:03". */
export function formatClock(at: number | Date): string {
  return clock.format(at);
}

/** The day in Asia/Ho_Chi_Minh, e.g. "Chủ Nhật, 15/03/2026" / "Sunday, 15/03/2026". */
export function formatDay(at: number | Date, lang: 'vi' | 'en'): string {
  return dates[lang].format(at);
}

export type AgoMessages = Pick<Messages, 'agoSeconds' | 'agoMinutes' | 'agoHours'>;

/** How long ago `then` was, in the words of `m`: "12 giây trước", "3 phút trước" / "12 s ago"… A future time reads as 0 s. */
export function formatAgo(then: number | Date, now: number | Date, m: AgoMessages): string {
  const s = Math.max(0, differenceInSeconds(now, then));
  if (s < 60) return m.agoSeconds(s);
  if (s < 3600) return m.agoMinutes(Math.floor(s / 60));
  return m.agoHours(Math.floor(s / 3600));
}

/**
 * Vietnam has kept UTC+7 all year since 1975 (no daylight saving), so local wall-clock arithmetic is a fixed
 * offset: exact, and far cheaper than Intl on every chart point.
 */
const VN_OFFSET_MIN = 7 * 60;
const MIN_PER_DAY = 24 * 60;

/** Minutes since local midnight in Vietnam: 2026-03-15T04:20:00Z → 680 (11:20). */
export function vnMinuteOfDay(at: number): number {
  const m = Math.floor(at / 60_000) + VN_OFFSET_MIN;
  return ((m % MIN_PER_DAY) + MIN_PER_DAY) % MIN_PER_DAY;
}

/** The local date in Vietnam, YYYY-MM-DD: 2026-03-14T17:00:00Z → "2026-03-15". */
export function vnDate(at: number): string {
  return new Date(at + VN_OFFSET_MIN * 60_000).toISOString().slice(0, 10);
}

/** 680 → "11:20"; minutes past midnight print past 24 h as they are (1390 → "23:10"). */
export function formatMinuteOfDay(minute: number): string {
  const m = Math.round(minute);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "HH:MM" → minutes since midnight ("07:00" → 420). */
export function parseMinuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
