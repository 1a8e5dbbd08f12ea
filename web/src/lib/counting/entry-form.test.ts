import { describe, expect, it } from 'vitest';
import type { Candidate } from '@ecc/shared';
import { blankEntry, liveCheck, toRecord } from './entry-form.js';

const cands = ['c-aa', 'c-bb', 'c-cc'].map(
  (id) => ({ id, unitId: 'na-01-1', fullName: id, birthDate: '1970-01-01' }) as Candidate,
);

describe('counting record form (§2.6, §2.7)', () => {
  it('names the broken identity in the chosen language as the team types, then builds the record', () => {
    const e = { ...blankEntry(500, cands), voted: 400, issued: 400, received: 400, valid: 390, invalid: 9 };
    expect(liveCheck(e, cands, 1, 500, 'vi').message).toBe(
      'Số phiếu hợp lệ cộng số phiếu không hợp lệ phải bằng số phiếu thu vào.',
    );
    expect(liveCheck(e, cands, 1, 500, 'en').message).toBe('Valid plus invalid ballots must equal ballots received.');
    e.invalid = 10;
    e.votes = { 'c-aa': 300, 'c-bb': 80, 'c-cc': 10 };
    expect(liveCheck(e, cands, 1, 500, 'vi').message).toBeNull();
    const r = toRecord('00101-0001', 'na', e, cands, Date.parse('2026-03-15T12:30:00Z'), 0);
    expect(r.at).toBe('2026-03-15T19:30:00+07:00');
    expect(r.votes.map((v) => v.votes)).toEqual([300, 80, 10]);
    expect(r).not.toHaveProperty('baseVersion');
    expect(toRecord('00101-0001', 'na', { ...e, reason: ' Đếm lại ' }, cands, 0, 2)).toMatchObject({
      baseVersion: 2,
      reason: 'Đếm lại',
    });
  });
});
