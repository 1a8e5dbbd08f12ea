/**
 * Percentages as the law prints them (§2.5): 2 decimals, half up on the third decimal.
 * Computed in integer hundredths of a percent so that 22.566 % becomes 22.57 % exactly, with no float drift.
 */
export function percentHundredths(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return Math.floor((numerator * 20000 + denominator) / (2 * denominator));
}

export function percent2(numerator: number, denominator: number): number {
  return percentHundredths(numerator, denominator) / 100;
}

/**
 * Shares of a whole that must add up to exactly 100.00 % (§2.5: "adjusted so components sum to 100 %"),
 * e.g. valid and invalid ballots over ballots received. Largest remainder: each part gets its floor, and the
 * hundredths still missing go to the parts with the largest remainders (ties: the larger part, then order).
 */
export function sharesSummingTo100(parts: readonly number[]): number[] {
  const total = parts.reduce((a, b) => a + b, 0);
  if (total <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (p * 10000) / total);
  const floors = exact.map(Math.floor);
  let missing = 10000 - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, r: e - Math.floor(e), p: parts[i] ?? 0 }))
    .sort((a, b) => b.r - a.r || b.p - a.p || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    missing--;
  }
  return floors.map((h) => h / 100);
}
