/**
 * The small, seeded imperfections of a real day, added on top of the clean schedule:
 * - network retries (~0.3 % of reports, at least 2): the same report sent again 1–4 min later with the same
 *   idempotency key, as a device does when a response is lost; the server must answer a replay, counted once;
 * - deliberately wrong reports (1 in 5,000 areas per kind, at least one each): a count above the list, a
 *   decreasing count, a time on the wrong day (device clock) — the server must reject each;
 * - corrections (same rate): a team lowers a count it already sent, with a reason in Vietnamese.
 * Late and silent areas are part of each area's own schedule (schedule.ts).
 * Each area gets at most one wrong report or correction, placed mid-way between two of its reports, so the
 * server's answer does not depend on which of two extras arrived first.
 */
import type { Rng } from '@ecc/fixtures';
import type { PollingArea } from '@ecc/shared';
import { KIND, type Columns } from './columns.js';

export const RETRY_RATE = 0.003;
export const EXTRA_PER_AREAS = 5000;
const SINGLE = 1;
/** Extras use sequence numbers above any schedule's (an area has fewer than 30 reports), so keys never clash. */
const EXTRA_SEQ = 100;
const MIN_GAP_S = 20 * 60;

export interface ImperfectionContext {
  areas: readonly PollingArea[];
  electionDate: string;
  /** Per area: first base report's column index and count. */
  start: Int32Array;
  count: Int32Array;
  reasons: number;
}

export function addImperfections(cols: Columns, ctx: ImperfectionContext, rng: Rng): void {
  const base = cols.n;
  const onDay = (ai: number) => (ctx.areas[ai] as PollingArea).votingDate === ctx.electionDate;
  addRetries(cols, base, onDay, rng.fork('retries'));
  addExtras(cols, ctx, onDay, rng.fork('extras'));
}

function addRetries(cols: Columns, base: number, onDay: (ai: number) => boolean, rng: Rng): void {
  const want = Math.max(2, Math.round(base * RETRY_RATE));
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < want && tries < want * 20; tries++) {
    const j = rng.int(0, base - 1);
    if (chosen.has(j) || !onDay(cols.area[j] as number)) continue;
    chosen.add(j);
    const at = cols.at[j] as number;
    cols.push(
      cols.area[j] as number,
      at,
      at + rng.int(60, 240),
      cols.voted[j] as number,
      cols.seq[j] as number,
      KIND.retry,
      cols.via[j] as number,
    );
  }
}

/** A random report j (not the first, not the last) followed by a gap wide enough to put something in. */
function pickGap(cols: Columns, s: number, n: number, rng: Rng): number | null {
  const gaps: number[] = [];
  for (let j = s + 1; j < s + n - 1; j++) {
    if ((cols.voted[j] as number) >= 10 && (cols.at[j + 1] as number) - (cols.at[j] as number) >= MIN_GAP_S)
      gaps.push(j);
  }
  return gaps.length ? rng.pick(gaps) : null;
}

function addExtras(cols: Columns, ctx: ImperfectionContext, onDay: (ai: number) => boolean, rng: Rng): void {
  const kinds = [KIND.over, KIND.decrease, KIND.window, KIND.correction];
  const perKind = Math.max(1, Math.round(ctx.areas.length / EXTRA_PER_AREAS));
  const used = new Set<number>();
  let placed = 0;
  for (let tries = 0; placed < perKind * kinds.length && tries < ctx.areas.length * 4; tries++) {
    const ai = rng.int(0, ctx.areas.length - 1);
    const n = ctx.count[ai] as number;
    if (used.has(ai) || !onDay(ai) || n < 4) continue;
    const j = pickGap(cols, ctx.start[ai] as number, n, rng);
    if (j === null) continue;
    used.add(ai);
    const kind = kinds[placed % kinds.length] as number;
    placed++;
    const at = cols.at[j] as number;
    const mid = at + Math.floor(((cols.at[j + 1] as number) - at) / 2);
    const voted = cols.voted[j] as number;
    const reg = (ctx.areas[ai] as PollingArea).registered.na;
    const seq = EXTRA_SEQ + 1;
    if (kind === KIND.over) cols.push(ai, mid, mid, reg + rng.int(1, 5), seq, kind, SINGLE);
    else if (kind === KIND.decrease) {
      cols.push(ai, mid, mid, voted - Math.max(1, Math.floor(voted * rng.float(0.01, 0.05))), seq, kind, SINGLE);
    } else if (kind === KIND.window) {
      // The device's clock is on yesterday's date: same time of day, outside the area's window (§2.1).
      cols.push(ai, mid - 86_400, mid, voted, seq, kind, SINGLE);
    } else {
      const lower = voted - Math.max(1, Math.floor(voted * rng.float(0.005, 0.03)));
      cols.push(ai, mid, mid, lower, seq, kind, SINGLE, rng.int(0, ctx.reasons - 1));
    }
  }
}
