import type { PollingArea } from '@ecc/shared';
import { post } from './helpers.js';
import type { Seeded } from './helpers.js';

/**
 * Produces valid reports for tests: each call advances the clock by a second and raises one area's count
 * by one, rotating over the election-day areas, so every report is accepted and changes every scope.
 */
export class ReportFeed {
  private areas: PollingArea[];
  private voted = new Map<string, number>();
  private n = 0;
  constructor(
    private seed: Seeded,
    private tag = 'feed',
  ) {
    this.areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date && a.registered.na > 100);
  }

  next() {
    const a = this.areas[this.n % this.areas.length]!;
    const v = (this.voted.get(a.id) ?? 0) + 1;
    this.voted.set(a.id, v);
    const at = new Date(Date.parse(`${this.seed.data.election.date}T07:00:00+07:00`) + this.n * 1000);
    this.n++;
    return {
      idempotencyKey: `${this.tag}-${this.n}-key`,
      pollingAreaId: a.id,
      voted: v,
      at: at.toISOString().replace('Z', '+00:00'),
    };
  }

  /** Sends `count` reports through the batch endpoint of `url`; returns how many were accepted. */
  async send(url: string, count: number, perRequest = 100): Promise<number> {
    let accepted = 0;
    while (count > 0) {
      const k = Math.min(perRequest, count);
      const reports = Array.from({ length: k }, () => this.next());
      const r = await post(url, '/api/v1/turnout/batch', this.seed.nationToken, { reports });
      if (r.status !== 200) throw new Error(`batch answered ${r.status}: ${JSON.stringify(r.body)}`);
      accepted += r.body.accepted as number;
      count -= k;
    }
    return accepted;
  }
}
