import type { Contest } from '../schemas/election.js';
import { percent2, sharesSummingTo100 } from './percent.js';

export interface UnitCandidate {
  id: string;
  votes: number;
  /** YYYY-MM-DD: a tie for the last seat goes to the older candidate (§2.8). */
  birthDate: string;
}

/** A unit's totals for one contest: from its polling areas' records (§2.7 "unit totals = Σ of its areas"). */
export interface UnitTally {
  contest: Contest;
  seats: number;
  /** Voters on the unit's list for this contest. */
  listed: number;
  voted: number;
  received: number;
  valid: number;
  invalid: number;
  candidates: readonly UnitCandidate[];
  /** This is already a re-vote: if turnout is again ≤ 50 % the result is accepted, no second re-vote (§2.8). */
  isRevote?: boolean;
}

export interface CandidateResult extends UnitCandidate {
  /** Share of valid ballots, 2 decimals half up (§2.5). Shares of a multi-seat unit need not sum to 100. */
  share: number;
  /** Strictly more than half of the valid ballots (§2.8 "quá một nửa"; ≥ 50 % is wrong). */
  qualifies: boolean;
  elected: boolean;
}

export interface UnitOutcome {
  /** More than half of the listed voters voted (§2.8): otherwise the unit's result is not recognised. */
  turnoutRecognised: boolean;
  /** Turnout ≤ 50 % and this is not already a re-vote → a re-vote is needed (§2.8). */
  revote: boolean;
  /** Candidates by votes, then age; each with share, qualification and election. */
  candidates: CandidateResult[];
  elected: string[];
  /** The last seat was decided between equal votes by age (§2.8). */
  tieDecidedByAge: boolean;
  /** Equal votes and the same birth date at the last seat: the law as sourced does not settle it; seat left open. */
  tieUnresolved: string[];
  unfilled: number;
  /** §2.8: NA — any seat unfilled; councils — fewer than 2/3 of the seats filled. Never together with a re-vote. */
  additionalVote: boolean;
  validShare: number;
  invalidShare: number;
  turnoutShare: number;
}

/** Older first: an earlier birth date sorts first. */
const byVotesThenAge = (a: UnitCandidate, b: UnitCandidate) =>
  b.votes - a.votes || a.birthDate.localeCompare(b.birthDate) || a.id.localeCompare(b.id);

/**
 * Who wins an electoral unit (§2.8): the result stands only if turnout > 50 % of the list; a candidate needs
 * strictly more than half of the valid ballots; among those, the most votes take the seats; a tie for the last
 * seat goes to the older candidate. Unfilled seats call for an additional vote (NA: any; councils: < 2/3 filled).
 */
export function decideUnit(t: UnitTally): UnitOutcome {
  const turnoutRecognised = 2 * t.voted > t.listed;
  const accepted = turnoutRecognised || t.isRevote === true;
  const sorted = [...t.candidates].sort(byVotesThenAge);
  const qualifiers = accepted ? sorted.filter((c) => 2 * c.votes > t.valid) : [];
  let elected = qualifiers.slice(0, t.seats);
  let tieDecidedByAge = false;
  let tieUnresolved: string[] = [];
  const last = elected[elected.length - 1];
  const firstOut = qualifiers[t.seats];
  if (last && firstOut && last.votes === firstOut.votes) {
    if (last.birthDate === firstOut.birthDate) {
      // Everyone level with the last seat, on votes and birth date, stays undecided.
      tieUnresolved = qualifiers
        .filter((c) => c.votes === last.votes && c.birthDate === last.birthDate)
        .map((c) => c.id);
      elected = elected.filter((c) => !tieUnresolved.includes(c.id));
    } else tieDecidedByAge = true;
  }
  const electedIds = new Set(elected.map((c) => c.id));
  const unfilled = t.seats - elected.length;
  const additionalVote = accepted && (t.contest === 'na' ? unfilled > 0 : 3 * elected.length < 2 * t.seats);
  const [validShare, invalidShare] = sharesSummingTo100([t.valid, t.invalid]) as [number, number];
  return {
    turnoutRecognised,
    revote: !accepted,
    candidates: sorted.map((c) => ({
      ...c,
      share: percent2(c.votes, t.valid),
      qualifies: 2 * c.votes > t.valid,
      elected: electedIds.has(c.id),
    })),
    elected: elected.map((c) => c.id),
    tieDecidedByAge,
    tieUnresolved,
    unfilled,
    additionalVote,
    validShare,
    invalidShare,
    turnoutShare: percent2(t.voted, t.listed),
  };
}
