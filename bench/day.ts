/**
 * The reports of one simulated election day on the national data set. Every stage of the bench reports later in
 * the day and with a higher count than the one before, so the real ingest accepts them all (no stale or
 * decreasing reports) and the day ends at high turnout.
 */
import type { PollingArea } from '@ecc/shared';
import type { BatchItem, Report } from './burst.js';

/** After the stages of run.ts (08:00 warm-up … 10:30 with 45 %): (local time, share of voters who have voted). */
export const REST_OF_DAY: [string, number][] = [
  ['11:00', 0.52],
  ['12:00', 0.6],
  ['13:00', 0.67],
  ['14:30', 0.75],
  ['16:00', 0.83],
  ['17:30', 0.91],
  ['19:00', 0.985],
];

const pad = (n: number) => String(n).padStart(2, '0');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** `at` on the area's own voting date (early-voting areas vote on another day), Vietnam's offset. */
export const atLocal = (a: PollingArea, minutes: number) =>
  `${a.votingDate}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00+07:00`;

/** Never above the registered voters, never decreasing for a rising share. */
export const votedAt = (a: PollingArea, share: number) =>
  Math.min(a.registered.na, Math.floor(a.registered.na * share));

export class Day {
  constructor(
    readonly areas: readonly PollingArea[],
    /** Polling-team token of areas[i]. */
    private teamTokens: readonly string[],
  ) {}

  /** One report per area (or per listed area index) with its polling team's token and a unique key. */
  teamReports(hhmm: string, share: number, tag: string, indexes?: readonly number[]): Report[] {
    return (indexes ?? this.areas.map((_, i) => i)).map((i) => {
      const a = this.areas[i]!;
      const at = atLocal(a, minutesOf(hhmm));
      return { areaId: a.id, token: this.teamTokens[i]!, voted: votedAt(a, share), at, key: `${tag}-${a.id}` };
    });
  }

  /** The same for the batch endpoint (the caller's committee token goes on the request, not the item). */
  batchItems(hhmm: string, share: number, tag: string): BatchItem[] {
    return this.areas.map((a) => ({
      pollingAreaId: a.id,
      voted: votedAt(a, share),
      at: atLocal(a, minutesOf(hhmm)),
      idempotencyKey: `${tag}-${a.id}`,
    }));
  }

  /**
   * The communes with the most polling areas (watched by the latency test), their areas' reports one minute
   * apart from `hhmm` on (an area reporting again does so a minute later), and every other area's index for the
   * background load, so the two never touch the same area.
   */
  latencySplit(communes: number, samples: number, hhmm: string, share: number, tag = 'e2e') {
    const byCommune = new Map<string, number[]>();
    this.areas.forEach((a, i) => byCommune.set(a.communeCode, [...(byCommune.get(a.communeCode) ?? []), i]));
    const watched = [...byCommune].sort((x, y) => y[1].length - x[1].length).slice(0, communes);
    const watchedSet = new Set(watched.map(([c]) => c));
    const sampleIdx = watched.flatMap(([, list]) => list);
    const times = new Map<number, number>();
    const reports: Report[] = Array.from({ length: samples }, (_, k) => {
      const i = sampleIdx[k % sampleIdx.length]!;
      const n = (times.get(i) ?? 0) + 1;
      times.set(i, n);
      const a = this.areas[i]!;
      const at = atLocal(a, minutesOf(hhmm) + n);
      return { areaId: a.id, token: this.teamTokens[i]!, voted: votedAt(a, share), at, key: `${tag}-${n}-${a.id}` };
    });
    const background = this.areas.flatMap((a, i) => (watchedSet.has(a.communeCode) ? [] : [i]));
    return { communes: watched.map(([c]) => c), reports, background };
  }
}
