import { describe, expect, it } from 'vitest';
import { checkCountingRecord } from './counting-record.js';
import type { CountingNumbers, RecordContext } from './counting-record.js';

const ctx: RecordContext = {
  seats: 2,
  candidateIds: ['c-a1', 'c-b2', 'c-c3', 'c-d4'],
  listed: 1000,
  turnoutVoted: 950,
};
const good: CountingNumbers = {
  voters: 1000,
  voted: 950,
  issued: 950,
  received: 948,
  valid: 940,
  invalid: 8,
  votes: [
    { candidateId: 'c-a1', votes: 800 },
    { candidateId: 'c-b2', votes: 700 },
    { candidateId: 'c-c3', votes: 200 },
    { candidateId: 'c-d4', votes: 100 },
  ],
};
const code = (r: Partial<CountingNumbers>, c: Partial<RecordContext> = {}) => {
  const x = checkCountingRecord({ ...good, ...r }, { ...ctx, ...c });
  return x.ok ? x.flags : x.broken.code;
};

describe('§2.7 hard identities of the counting record (§2.6)', () => {
  it('§2.7 accepts a consistent record; ballots taken but not cast are only flagged', () => {
    expect(code({})).toEqual(['RECEIVED_LT_ISSUED']);
  });
  it('§2.7 valid + invalid = ballots received', () => {
    expect(code({ invalid: 9 })).toBe('BALLOTS_SPLIT_MISMATCH');
    expect(code({ valid: 939 })).toBe('BALLOTS_SPLIT_MISMATCH');
  });
  it('§2.7 ballots received ≤ ballots issued ≤ voters of the contest; voted ≤ voters', () => {
    expect(code({ received: 951, valid: 943 })).toBe('RECEIVED_EXCEEDS_ISSUED');
    expect(code({ issued: 1001 })).toBe('ISSUED_EXCEEDS_VOTERS');
    expect(code({ voted: 1001 })).toBe('VOTED_EXCEEDS_VOTERS');
    expect(code({ issued: 1000, voters: 1000 })).toContain('ISSUED_NE_VOTED'); // equal to the list is fine
  });
  it('§2.7 each candidate ≤ valid ballots, and their sum ≤ valid × seats (§2.4: a ballot keeps ≤ seats names)', () => {
    const votes = good.votes.map((v, i) => (i === 0 ? { ...v, votes: 941 } : v));
    expect(code({ votes })).toBe('CANDIDATE_EXCEEDS_VALID');
    const many = good.votes.map((v) => ({ ...v, votes: 471 })); // 4 × 471 = 1884 > 940 × 2
    expect(code({ votes: many })).toBe('VOTES_EXCEED_VALID_SEATS');
    const exact = good.votes.map((v) => ({ ...v, votes: 470 })); // 1880 = 940 × 2
    expect(code({ votes: exact })).toEqual(['RECEIVED_LT_ISSUED']);
  });
  it('§2.6 every candidate of the unit exactly once, no one else', () => {
    expect(code({ votes: good.votes.slice(1) })).toBe('CANDIDATES_MISMATCH');
    expect(code({ votes: [...good.votes, { candidateId: 'c-x9', votes: 0 }] })).toBe('CANDIDATES_MISMATCH');
    expect(code({ votes: [...good.votes.slice(1), good.votes[1]!] })).toBe('CANDIDATES_MISMATCH');
  });
  it('§2.7 tally groups: Σ n_k = valid and Σ k·n_k = Σ votes, k ≤ seats', () => {
    // 1800 names on 940 ballots with ≤ 2 names: 860 kept two, 80 kept one.
    expect(code({ byNamesKept: [80, 860] })).toEqual(['RECEIVED_LT_ISSUED']);
    expect(code({ byNamesKept: [81, 859] })).toBe('GROUPS_MISMATCH');
    expect(code({ byNamesKept: [80, 859] })).toBe('GROUPS_MISMATCH');
    expect(code({ byNamesKept: [0, 0, 600] })).toBe('GROUPS_MISMATCH'); // 3 names on a 2-seat ballot
  });
  it('§2.6 field 10: complaints resolved + forwarded ≤ received', () => {
    expect(code({ complaints: { received: 1, resolved: 1, forwarded: 1 } })).toBe('COMPLAINTS_MISMATCH');
    expect(code({ complaints: { received: 2, resolved: 1, forwarded: 1 } })).toContain('COMPLAINTS_FORWARDED');
  });
});

describe('§2.7 soft checks flag the record for the Election Board', () => {
  it('§2.7 issued ≠ voted, list differs, turnout differs, one candidate only, many invalid', () => {
    expect(code({ issued: 951, voters: 1000 })).toContain('ISSUED_NE_VOTED');
    expect(code({}, { listed: 999 })).toContain('VOTERS_NE_LIST');
    expect(code({}, { turnoutVoted: 949 })).toContain('VOTED_NE_TURNOUT');
    expect(code({}, { turnoutVoted: null })).not.toContain('VOTED_NE_TURNOUT');
    const one = good.votes.map((v, i) => ({ ...v, votes: i === 0 ? 940 : 0 }));
    expect(code({ votes: one })).toContain('ONE_CANDIDATE_ONLY');
    const fewer = good.votes.map((v) => ({ ...v, votes: 400 }));
    expect(code({ votes: fewer, received: 950, valid: 855, invalid: 95 })).toEqual([]); // exactly 10 %
    expect(code({ votes: fewer, received: 950, valid: 854, invalid: 96 })).toEqual(['HIGH_INVALID']);
  });
});
