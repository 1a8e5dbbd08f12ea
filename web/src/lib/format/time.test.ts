import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { vi } from '../i18n/vi.js';
import {
  formatAgo,
  formatClock,
  formatDay,
  formatMinuteOfDay,
  parseMinuteOfDay,
  vnDate,
  vnMinuteOfDay,
} from './time.js';

const at = Date.parse('2026-03-15T01:02:03Z'); // 08:02:03 in Vietnam (UTC+7)

describe('formatClock', () => {
  it('prints HH:mm:ss in Asia/Ho_Chi_Minh whatever the machine zone', () => {
    expect(formatClock(at)).toBe('08:02:03');
    expect(formatClock(Date.parse('2026-03-15T16:59:59Z'))).toBe('23:59:59');
    expect(formatClock(Date.parse('2026-03-15T17:00:00Z'))).toBe('00:00:00');
  });
});

describe('formatDay', () => {
  it('names the Vietnamese day, rolling over at Vietnam midnight', () => {
    expect(formatDay(at, 'vi')).toMatch(/Chủ Nhật.*15\/03\/2026/i);
    expect(formatDay(at, 'en')).toMatch(/Sunday.*15\/03\/2026/);
    expect(formatDay(Date.parse('2026-03-14T17:00:00Z'), 'en')).toMatch(/Sunday.*15\/03\/2026/);
  });
});

describe('formatAgo', () => {
  it('counts seconds, then minutes, then hours', () => {
    expect(formatAgo(at, at + 12_400, vi)).toBe('12 giây trước');
    expect(formatAgo(at, at + 12_400, en)).toBe('12 s ago');
    expect(formatAgo(at, at + 185_000, vi)).toBe('3 phút trước');
    expect(formatAgo(at, at + 2 * 3600_000 + 5, en)).toBe('2 h ago');
  });
  it('never goes negative when the clocks disagree', () => {
    expect(formatAgo(at + 3000, at, vi)).toBe('0 giây trước');
  });
});

describe('Vietnam wall-clock arithmetic', () => {
  it('gives minutes since local midnight (UTC+7, no daylight saving)', () => {
    expect(vnMinuteOfDay(Date.parse('2026-03-15T04:20:00Z'))).toBe(11 * 60 + 20);
    expect(vnMinuteOfDay(Date.parse('2026-03-14T17:00:00Z'))).toBe(0);
    expect(vnMinuteOfDay(Date.parse('2026-03-15T16:59:00Z'))).toBe(23 * 60 + 59);
    expect(vnMinuteOfDay(Date.parse('2026-07-01T00:00:00Z'))).toBe(7 * 60);
  });
  it('gives the local date, rolling over at Vietnam midnight', () => {
    expect(vnDate(Date.parse('2026-03-14T16:59:59Z'))).toBe('2026-03-14');
    expect(vnDate(Date.parse('2026-03-14T17:00:00Z'))).toBe('2026-03-15');
  });
  it('prints and parses HH:MM', () => {
    expect(formatMinuteOfDay(680)).toBe('11:20');
    expect(formatMinuteOfDay(0)).toBe('00:00');
    expect(parseMinuteOfDay('07:00')).toBe(420);
    expect(parseMinuteOfDay('23:59')).toBe(1439);
  });
});
