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
