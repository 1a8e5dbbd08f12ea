import type { Candidate, Contest, CountingRecord, PollingArea } from '@ecc/shared';

/** The randomness a record needs (fixtures' Rng satisfies it). */
export interface RecordRng {
  next(): number;
  int(min: number, max: number): number;
}

export interface RecordShape {
  /** Share of the contest's listed voters who voted (0..1). */
  turnout: number;
  /** Share of ballots received that are invalid (0..1). */
  invalidShare?: number;
  /** Voters who voted exactly (e.g. the area's last turnout report); else `turnout` × voters. */
  voted?: number;
}

/**
 * A counting record (§2.6) that satisfies every hard identity of §2.7 with arithmetic a real count could give:
 * issued = voted, a ballot now and then not put in the box, valid ballots grouped by names kept (1..seats) and the
 * names spread over the unit's candidates by popularity, each ≤ valid. Used by the simulator and the tests.
 */
export function consistentRecord(
  rng: RecordRng,
  area: PollingArea,
  contest: Contest,
  seats: number,
  candidates: readonly Candidate[],
  at: string,
  shape: RecordShape,
): CountingRecord {
  const voters = area.registered[contest];
  const voted = Math.min(voters, shape.voted ?? Math.round(voters * shape.turnout));
  const issued = voted;
  const received = Math.max(0, issued - (rng.next() < 0.1 ? rng.int(1, 2) : 0));
  const invalid = Math.min(received, Math.round(received * (shape.invalidShare ?? rng.next() * 0.03)));
  const valid = received - invalid;
  // Ballots by names kept: most keep exactly `seats` names (the usual way to vote), some fewer.
  const groups = new Array<number>(seats).fill(0);
  let left = valid;
  for (let k = 1; k < seats; k++) {
    const n = Math.min(left, Math.floor(valid * rng.next() * 0.15));
    groups[k - 1] = n;
    left -= n;
  }
  groups[seats - 1] = left;
  let names = groups.reduce((s, n, i) => s + n * (i + 1), 0);
  // Spread the names by weight, never more than `valid` to one candidate (a ballot names a candidate once).
  const weights = candidates.map(() => 0.2 + rng.next());
  const votes = candidates.map(() => 0);
  while (names > 0) {
    const open = votes.map((v, i) => (v < valid ? i : -1)).filter((i) => i >= 0);
    const total = open.reduce((s, i) => s + weights[i]!, 0);
    let given = 0;
    for (const i of open) {
      const share = Math.min(valid - votes[i]!, Math.floor((names * weights[i]!) / total));
      votes[i]! += share;
      given += share;
    }
    if (given === 0) {
      const i = open[rng.int(0, open.length - 1)]!;
      votes[i]! += 1;
      given = 1;
    }
    names -= given;
  }
  return {
    pollingAreaId: area.id,
    contest,
    at,
    voters,
    voted,
    issued,
    received,
    valid,
    invalid,
    votes: candidates.map((c, i) => ({ candidateId: c.id, votes: votes[i]! })),
    byNamesKept: groups,
    complaints: { received: 0, resolved: 0, forwarded: 0 },
  };
}
