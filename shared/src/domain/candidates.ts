/**
 * Minimum number of candidates an electoral unit must list (số dư, election-vn.md §2.3).
 *
 * - National Assembly: seats + 2, whatever the unit size (a unit has 1–3 seats).
 * - People's Councils (provincial 'pc' and commune 'cc'): 1–2 seats → seats + 1, 3 seats → seats + 2,
 *   4–5 seats → seats + 3 (a unit has 1–5 seats).
 *
 * Force-majeure shortfalls are decided case by case by the NEC / election committees (§2.3 "Exception"),
 * so they are not modelled here: callers that accept a shortfall must do so explicitly.
 *
 * @throws RangeError when `seats` is not an integer within the legal range of the contest (§1.1 max seats per unit).
 */
export function minCandidates(contest: 'na' | 'pc' | 'cc', seats: number): number {
  const maxSeats = contest === 'na' ? 3 : 5;
  if (!Number.isInteger(seats) || seats < 1 || seats > maxSeats) {
    throw new RangeError(`${contest} unit seats must be an integer in 1..${maxSeats}, got ${seats}`);
  }
  if (contest === 'na') return seats + 2;
  if (seats <= 2) return seats + 1;
  if (seats === 3) return seats + 2;
  return seats + 3;
}
