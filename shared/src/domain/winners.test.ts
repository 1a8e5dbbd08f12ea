import { describe, expect, it } from 'vitest';
import { decideUnit } from './winners.js';
import type { UnitCandidate, UnitTally } from './winners.js';

const cand = (id: string, votes: number, birthDate = '1970-01-01'): UnitCandidate => ({ id, votes, birthDate });
const tally = (over: Partial<UnitTally>): UnitTally => ({
  contest: 'na',
  seats: 2,
  listed: 1000,
  voted: 900,
  received: 900,
  valid: 880,
  invalid: 20,
  candidates: [],
  ...over,
});

describe('§2.8 winners', () => {
  const cases: {
    name: string;
    t: Partial<UnitTally>;
    elected: string[];
    additional: boolean;
    revote?: boolean;
    byAge?: boolean;
    unresolved?: string[];
  }[] = [
    {
      name: 'most votes among those above half take the seats',
      t: { candidates: [cand('c-a', 700), cand('c-b', 600), cand('c-c', 500), cand('c-d', 10)] },
      elected: ['c-a', 'c-b'],
      additional: false,
    },
    {
      name: 'exactly 50 % of valid ballots is not "more than half" (440 of 880)',
      t: { candidates: [cand('c-a', 700), cand('c-b', 440), cand('c-c', 300), cand('c-d', 10)] },
      elected: ['c-a'],
      additional: true,
    },
    {
      name: 'one vote above half qualifies (441 of 880)',
      t: { candidates: [cand('c-a', 700), cand('c-b', 441), cand('c-c', 300), cand('c-d', 10)] },
      elected: ['c-a', 'c-b'],
      additional: false,
    },
    {
      name: 'exact tie for the last seat goes to the older candidate',
      t: {
        candidates: [
          cand('c-a', 800),
          cand('c-young', 600, '1985-06-01'),
          cand('c-old', 600, '1962-02-03'),
          cand('c-d', 10),
        ],
      },
      elected: ['c-a', 'c-old'],
      additional: false,
      byAge: true,
    },
    {
      name: 'a tie that is not for the last seat needs no age rule',
      t: { seats: 3, candidates: [cand('c-a', 700, '1990-01-01'), cand('c-b', 700, '1960-01-01'), cand('c-c', 600)] },
      elected: ['c-b', 'c-a', 'c-c'],
      additional: false,
      byAge: false,
    },
    {
      name: 'equal votes and the same birth date at the last seat: left open, not drawn',
      t: { candidates: [cand('c-a', 800), cand('c-b', 600), cand('c-c', 600), cand('c-d', 1)] },
      elected: ['c-a'],
      additional: true,
      unresolved: ['c-b', 'c-c'],
    },
    {
      name: 'fewer qualifiers than seats (NA): additional vote for any unfilled seat',
      t: { seats: 3, candidates: [cand('c-a', 800), cand('c-b', 700), cand('c-c', 300), cand('c-d', 200)] },
      elected: ['c-a', 'c-b'],
      additional: true,
    },
    {
      name: 'council with 3 seats, 2 filled: 2/3 filled is not fewer than 2/3, no additional vote',
      t: {
        contest: 'pc',
        seats: 3,
        candidates: [cand('c-a', 800), cand('c-b', 700), cand('c-c', 300), cand('c-d', 200)],
      },
      elected: ['c-a', 'c-b'],
      additional: false,
    },
    {
      name: 'council with 5 seats, 3 filled: 3/5 < 2/3, additional vote',
      t: {
        contest: 'cc',
        seats: 5,
        candidates: [cand('c-a', 800), cand('c-b', 700), cand('c-c', 600), cand('c-d', 400), cand('c-e', 300)],
      },
      elected: ['c-a', 'c-b', 'c-c'],
      additional: true,
    },
    {
      name: 'council with 5 seats, 4 filled: 4/5 ≥ 2/3, no additional vote',
      t: {
        contest: 'cc',
        seats: 5,
        candidates: [cand('c-a', 800), cand('c-b', 700), cand('c-c', 600), cand('c-d', 500), cand('c-e', 300)],
      },
      elected: ['c-a', 'c-b', 'c-c', 'c-d'],
      additional: false,
    },
    {
      name: 'turnout exactly 50 % of the list: not recognised, re-vote, nobody elected',
      t: { voted: 500, received: 500, valid: 490, invalid: 10, candidates: [cand('c-a', 480), cand('c-b', 470)] },
      elected: [],
      additional: false,
      revote: true,
    },
    {
      name: 'a re-vote with turnout again ≤ 50 % is accepted (no second re-vote)',
      t: {
        isRevote: true,
        voted: 400,
        received: 400,
        valid: 390,
        invalid: 10,
        candidates: [cand('c-a', 380), cand('c-b', 300)],
      },
      elected: ['c-a', 'c-b'],
      additional: false,
      revote: false,
    },
  ];
  for (const c of cases) {
    it(`§2.8 ${c.name}`, () => {
      const o = decideUnit(tally(c.t));
      expect(o.elected).toEqual(c.elected);
      expect(o.additionalVote).toBe(c.additional);
      expect(o.revote).toBe(c.revote ?? false);
      if (c.byAge !== undefined) expect(o.tieDecidedByAge).toBe(c.byAge);
      expect(o.tieUnresolved).toEqual(c.unresolved ?? []);
      expect(o.unfilled).toBe((c.t.seats ?? 2) - c.elected.length);
    });
  }

  it('§2.5 shares: candidates over valid (half up, need not sum to 100), valid + invalid = 100.00', () => {
    const o = decideUnit(
      tally({ valid: 3, invalid: 0, received: 3, voted: 600, candidates: [cand('c-a', 2), cand('c-b', 1)] }),
    );
    expect(o.candidates.map((c) => c.share)).toEqual([66.67, 33.33]);
    const p = decideUnit(tally({ valid: 2, invalid: 1, received: 3, candidates: [cand('c-a', 2), cand('c-b', 2)] }));
    expect(p.candidates.map((c) => c.share)).toEqual([100, 100]);
    expect(p.validShare + p.invalidShare).toBe(100);
    expect([p.validShare, p.invalidShare]).toEqual([66.67, 33.33]);
    expect(decideUnit(tally({ voted: 901, listed: 1000, candidates: [] })).turnoutShare).toBe(90.1);
  });
});
