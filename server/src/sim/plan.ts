/**
 * The simulated election day as a deterministic plan: a pure function of (reference data, seed).
 *
 * Idempotency keys are `sim.{election}.{area}.{seq}`, derived from the plan, never random: a simulator that is
 * stopped and started again with the same seed re-sends the same keys with the same bodies, and the server answers
 * them as replays. Restarting a simulation is therefore safe: nothing is counted twice.
 */
import { createRng } from '@ecc/fixtures';
import type { ErrorCode, PollingArea, ReferenceData } from '@ecc/shared';
import { localInstant } from '@ecc/shared';
import { Columns, KIND, KINDS, VIAS, type PlanKind, type Via } from './columns.js';
import { provinceCurves } from './curves.js';
import { addImperfections } from './imperfections.js';
import { areaProfile, areaReports } from './schedule.js';

export { KINDS, type PlanKind, type Via } from './columns.js';
export type Expect = 'accept' | 'replay' | 'reject';

/** What the server must answer to each kind; a decreasing report re-sent after a restart meets newer reports (409 STALE). */
export const EXPECTED: Record<PlanKind, { expect: Expect; codes: readonly ErrorCode[] }> = {
  report: { expect: 'accept', codes: [] },
  correction: { expect: 'accept', codes: [] },
  retry: { expect: 'replay', codes: [] },
  over: { expect: 'reject', codes: ['VOTED_EXCEEDS_REGISTERED'] },
  decrease: { expect: 'reject', codes: ['DECREASING_COUNT', 'STALE_REPORT'] },
  window: { expect: 'reject', codes: ['OUTSIDE_VOTING_WINDOW'] },
};

/** Reasons a polling team gives when it corrects a count it already sent. */
export const REASONS = [
  'Nhập nhầm số liệu, đính chính theo sổ theo dõi cử tri đã bỏ phiếu',
  'Cộng trùng số cử tri bỏ phiếu tại hòm phiếu phụ, đề nghị đính chính',
  'Tổ bầu cử rà soát lại danh sách cử tri, báo cáo trước ghi thừa',
  'Gõ nhầm chữ số khi nhập liệu trên thiết bị, xin đính chính',
] as const;

export interface PlanItem {
  areaId: string;
  provinceCode: string;
  /** The report's own time, ISO-8601 with +07:00. */
  at: string;
  voted: number;
  key: string;
  kind: PlanKind;
  expect: Expect;
  /** Accepted error codes when `expect` is 'reject'. */
  codes: readonly ErrorCode[];
  via: Via;
  reason?: string;
  /** Simulated instant at which the item is sent (equals `at`, except for network retries). */
  sendAtMs: number;
}

/** Share of reports a polling team sends itself, one by one, instead of through its province committee's batch. */
export const SINGLE_RATE = 0.02;

function isoVn(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 19) + '+07:00';
}

export class Plan {
  /** Send order: indices into the columns. */
  private readonly order: Uint32Array;

  constructor(
    readonly electionId: string,
    /** The election day (YYYY-MM-DD); areas with an earlier voting date voted early (§2.2). */
    readonly electionDate: string,
    readonly seed: number,
    readonly areas: readonly PollingArea[],
    private readonly cols: Columns,
    /** Epoch of the `at`/`send` columns: local midnight of the earliest voting date. */
    private readonly epochMs: number,
  ) {
    this.order = cols.sendOrder();
  }

  get length(): number {
    return this.cols.n;
  }

  /** Area index of the i-th item in send order (cheap; the runner uses it to keep each area's reports in order). */
  areaIndex(i: number): number {
    return this.cols.area[this.order[i] as number] as number;
  }

  sendAtMs(i: number): number {
    return this.epochMs + (this.cols.send[this.order[i] as number] as number) * 1000;
  }

  /** The i-th item in send order, materialised. */
  item(i: number): PlanItem {
    const c = this.cols;
    const j = this.order[i] as number;
    const area = this.areas[c.area[j] as number] as PollingArea;
    const kind = KINDS[c.kind[j] as number] as PlanKind;
    const e = EXPECTED[kind];
    const item: PlanItem = {
      areaId: area.id,
      provinceCode: area.provinceCode,
      at: isoVn(this.epochMs + (c.at[j] as number) * 1000),
      voted: c.voted[j] as number,
      key: `sim.${this.electionId}.${area.id}.${c.seq[j] as number}`,
      kind,
      expect: e.expect,
      codes: e.codes,
      via: VIAS[c.via[j] as number] as Via,
      sendAtMs: this.epochMs + (c.send[j] as number) * 1000,
    };
    if (kind === 'correction') item.reason = REASONS[c.reason[j] as number];
    return item;
  }

  /** Each area's last accepted count (report or correction), i.e. what the server must end on. */
  finalVoted(): Map<string, number> {
    const last = new Int32Array(this.areas.length).fill(-1);
    const c = this.cols;
    for (let i = 0; i < this.order.length; i++) {
      const j = this.order[i] as number;
      const kind = c.kind[j] as number;
      if (kind === KIND.report || kind === KIND.correction) last[c.area[j] as number] = c.voted[j] as number;
    }
    const out = new Map<string, number>();
    this.areas.forEach((a, i) => {
      if ((last[i] as number) >= 0) out.set(a.id, last[i] as number);
    });
    return out;
  }

  counts(): Record<PlanKind, number> {
    const out = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<PlanKind, number>;
    for (let i = 0; i < this.cols.n; i++) out[KINDS[this.cols.kind[i] as number] as PlanKind]++;
    return out;
  }
}

/**
 * Builds the whole day. Each area draws from its own forked stream, so the plan of one area does not depend on
 * how many numbers the others drew (adding an imperfection does not reshuffle the country).
 */
export function buildPlan(data: ReferenceData, seed: number): Plan {
  const rng = createRng(seed).fork('simulate');
  const areas = data.areas;
  const electionDate = data.election.date;
  const curves = provinceCurves(
    data.provinces.map((p) => p.code),
    rng.fork('curves'),
  );
  const nearHalfUnits = pickNearHalfUnits(data, rng.fork('near-half'));
  let earliest = electionDate;
  for (const a of areas) if (a.votingDate < earliest) earliest = a.votingDate;
  const epochMs = localInstant(earliest, '00:00');

  const cols = new Columns(areas.length * 14);
  // Per area: where its base reports start in the columns and how many there are (for imperfections).
  const start = new Int32Array(areas.length);
  const count = new Int32Array(areas.length);
  areas.forEach((area, ai) => {
    const r = rng.fork(`area:${area.id}`);
    const early = area.votingDate < electionDate;
    const profile = areaProfile(area, { early, nearHalf: nearHalfUnits.has(area.units.cc) }, r);
    const curve = curves.get(area.provinceCode);
    if (!curve) throw new Error(`simulate: no curve for province ${area.provinceCode}`);
    const dayS = (localInstant(area.votingDate, '00:00') - epochMs) / 1000;
    start[ai] = cols.n;
    areaReports(curve, profile, r).forEach(([t, voted], k) => {
      const via = r.chance(SINGLE_RATE) ? 1 : 0;
      cols.push(ai, dayS + t, dayS + t, voted, k + 1, KIND.report, via);
    });
    count[ai] = cols.n - (start[ai] as number);
  });

  addImperfections(cols, { areas, electionDate, start, count, reasons: REASONS.length }, rng.fork('imperfections'));
  return new Plan(data.election.id, electionDate, seed, areas, cols, epochMs);
}

/**
 * A handful of commune-council units (1 in 4,000, at least one) whose areas end just around 50 %: the wall must
 * flag units at risk of a re-vote (§2.8). Only units voting wholly on election day.
 */
function pickNearHalfUnits(data: ReferenceData, rng: ReturnType<typeof createRng>): Set<string> {
  const earlyUnits = new Set(data.areas.filter((a) => a.votingDate < data.election.date).map((a) => a.units.cc));
  const cc = data.units.filter((u) => u.contest === 'cc' && !earlyUnits.has(u.id)).map((u) => u.id);
  const want = Math.min(cc.length, Math.max(1, Math.round(cc.length / 4000)));
  const out = new Set<string>();
  while (out.size < want) out.add(rng.pick(cc));
  return out;
}
