import { describe, expect, it } from 'vitest';
import { decodeHistoryRecord, encodeHistoryRecord } from './counting-history-codec.js';

const record = {
  pollingAreaId: '00199-0018',
  contest: 'cc',
  at: '2026-03-15T20:16:00+07:00',
  voters: 1904,
  voted: 1879,
  issued: 1879,
  received: 1879,
  valid: 1827,
  invalid: 52,
  votes: [
    { candidateId: 'c-cc-00199-04-01', votes: 1134 },
    { candidateId: 'c-cc-00199-04-02', votes: 638 },
    { candidateId: 'c-cc-00199-04-03', votes: 0 },
  ],
  byNamesKept: [245, 204, 197],
  complaints: { received: 0, resolved: 0, forwarded: 0 },
  note: 'Ghi chú có "dấu ngoặc", dấu |, dấu ; và dấu = \t tab',
  reason: 'Kiểm lại phiếu',
  baseVersion: 1,
};
const roundTrip = (r: Record<string, unknown>, unit: string, at: string, area = '00199-0018', contest = 'cc') =>
  JSON.stringify(decodeHistoryRecord(encodeHistoryRecord(r, unit, at), area, contest, at));

describe('counting history codec (§2.6 record kept in its history line)', () => {
  it('round-trips a record exactly, field order included, and is much shorter', () => {
    const stored = encodeHistoryRecord(record, 'cc-00199-04', record.at);
    expect(stored.startsWith('~')).toBe(true);
    expect(stored).toContain('"votes":"c-cc-00199-04-|01=1134;02=638;03=0"');
    expect(stored).not.toContain('00199-0018');
    expect(stored.length).toBeLessThan(JSON.stringify(record).length * 0.7);
    expect(roundTrip(record, 'cc-00199-04', record.at)).toBe(JSON.stringify(record));
  });

  it('keeps what it cannot shorten: other candidate ids, another field order, another time', () => {
    const foreign = { ...record, votes: [{ candidateId: 'x-1', votes: 3 }, ...record.votes] };
    expect(roundTrip(foreign, 'cc-00199-04', record.at)).toBe(JSON.stringify(foreign));
    const { pollingAreaId, ...rest } = record;
    const reordered = { ...rest, pollingAreaId };
    expect(encodeHistoryRecord(reordered, 'cc-00199-04', record.at)).toBe(JSON.stringify(reordered));
    expect(roundTrip(reordered, 'cc-00199-04', record.at)).toBe(JSON.stringify(reordered));
    expect(roundTrip(record, 'cc-00199-04', '2026-03-15T21:00:00+07:00')).toBe(JSON.stringify(record));
  });

  it('reads lines written before (plain JSON)', () => {
    expect(decodeHistoryRecord(JSON.stringify(record), 'other', 'na', 'x')).toEqual(record);
  });
});
