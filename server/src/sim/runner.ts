/**
 * Replays a plan against a running server on a simulated clock.
 *
 * Ticks: every `tickMs` of real time the items now due are grouped per province and sent (≤ `concurrency`
 * requests in flight); the next tick starts only when every request of this one has its answer, and an area
 * never has two items in one tick (the later one waits a tick). Together these keep each area's reports in
 * plan order at the server, so "never decreasing, never back in time" holds whatever the network does.
 * Everything due before `from` (early-voting areas, and the morning when starting later) is sent first, as fast
 * as possible: after a restart those are answered as replays, so the day can be resumed at any time.
 */
import { localInstant } from '@ecc/shared';
import type { Plan, PlanItem, PlanKind } from './plan.js';
import { emptyStats, pool, Sender, toRequests, type SendStats } from './send.js';
import type { SimTokens } from './tokens.js';

export interface RunOptions {
  url: string;
  plan: Plan;
  tokens: SimTokens;
  /** Simulated seconds per real second (288: the day in 5 min), or 'max' for as fast as the server answers. */
  speed: number | 'max';
  /** Local time on election day the clock starts at (HH:MM, default 05:00). */
  from?: string;
  tickMs?: number;
  concurrency?: number;
  progressMs?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  maxAttempts?: number;
  /** First back-off after a 503 or network error; doubles per attempt (max 5 s). */
  backoffMs?: number;
}

export interface NationFigures {
  voted: number;
  registered: number;
  reporting: number;
  areas: number;
  full: number;
  turnoutPct: number;
}

export interface RunSummary extends SendStats {
  planned: Record<PlanKind, number>;
  durationMs: number;
  itemsPerSec: number;
  /** Simulated local time reached (YYYY-MM-DD HH:MM); restart with --from at or before it to resume. */
  reached: string;
  nation: NationFigures | null;
  aborted: boolean;
}

/** Upper bound of new items per tick, so a lagging or 'max' run still reports progress and keeps batches moving. */
const MAX_TICK_ITEMS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function localLabel(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function fetchNation(
  url: string,
  electionId: string,
  f: typeof fetch = fetch,
): Promise<NationFigures | null> {
  try {
    const res = await f(`${url}/api/v1/scopes/nation?election=${encodeURIComponent(electionId)}`);
    if (!res.ok) return null;
    const v = (await res.json()) as { figures: Omit<NationFigures, 'turnoutPct'>; turnoutPct: number };
    const { voted, registered, reporting, areas, full } = v.figures;
    return { voted, registered, reporting, areas, full, turnoutPct: v.turnoutPct };
  } catch {
    return null;
  }
}

const nf = (n: number) => n.toLocaleString('vi-VN');

export function formatNation(n: NationFigures | null): string {
  if (!n) return 'nation: unavailable';
  return `nation ${n.turnoutPct.toFixed(2)} % (${nf(n.voted)} / ${nf(n.registered)}; ${nf(n.reporting)}/${nf(n.areas)} areas reporting, ${nf(n.full)} at 100 %)`;
}

export function formatStats(s: SendStats): string {
  return (
    `sent ${nf(s.sent)} · accepted ${nf(s.accepted)} · replayed ${nf(s.replayed)} · ` +
    `rejected as expected ${nf(s.rejectedExpected)} · unexpected ${nf(s.rejectedUnexpected)}`
  );
}

export async function runSimulation(o: RunOptions): Promise<RunSummary> {
  const { plan } = o;
  const log = o.log ?? ((l: string) => console.log(l));
  const f = o.fetch ?? fetch;
  const stats = emptyStats();
  const sender = new Sender({ url: o.url, stats, fetch: f, maxAttempts: o.maxAttempts, backoffMs: o.backoffMs });
  const tickMs = o.tickMs ?? 250;
  const fromMs = localInstant(plan.electionDate, o.from ?? '05:00');
  const t0 = Date.now();
  // `clock` is the simulated now; `sentUpTo` the send time of the latest item taken (behind it when lagging).
  let clock = Math.min(fromMs, plan.length ? plan.sendAtMs(0) : fromMs);
  let sentUpTo = clock;
  let ptr = 0;
  let carry: number[] = [];

  // One progress line at a time; the last one is awaited so it never prints after the summary.
  let printing: Promise<void> | null = null;
  const progress = async () => {
    const rate = Math.round(stats.sent / Math.max(0.001, (Date.now() - t0) / 1000));
    const nation = await fetchNation(o.url, plan.electionId, f);
    const behind = ptr < plan.length && plan.sendAtMs(ptr) < clock - 5 * 60_000;
    const lag = behind ? ` (sending ${localLabel(sentUpTo).slice(11)})` : '';
    log(`[${localLabel(clock)}${lag}] ${formatStats(stats)} · ${nf(rate)}/s · ${formatNation(nation)}`);
  };
  const timer = setInterval(() => {
    printing ??= progress().finally(() => (printing = null));
  }, o.progressMs ?? 5000);
  timer.unref();

  /** Takes the carried and newly due items, at most one per area (the rest wait a tick, in order). */
  const take = (until: number): PlanItem[] => {
    const seen = new Set<number>();
    const next: number[] = [];
    const out: PlanItem[] = [];
    const consider = (i: number) => {
      const a = plan.areaIndex(i);
      if (seen.has(a)) return void next.push(i);
      seen.add(a);
      out.push(plan.item(i));
    };
    for (const i of carry) consider(i);
    const limit = ptr + MAX_TICK_ITEMS;
    while (ptr < plan.length && ptr < limit && plan.sendAtMs(ptr) <= until) {
      sentUpTo = plan.sendAtMs(ptr);
      if (o.speed === 'max' || sentUpTo < fromMs) clock = Math.max(clock, sentUpTo);
      consider(ptr++);
    }
    carry = next;
    return out;
  };

  const sendTick = async (items: PlanItem[]) => {
    const reqs = toRequests(items, o.tokens);
    await pool(
      reqs.map((r) => () => sender.send(r)),
      o.concurrency ?? 8,
    );
  };

  let aborted = false;
  try {
    // Early-voting areas and anything due before `from`: as fast as the server answers.
    while ((ptr < plan.length && plan.sendAtMs(ptr) < fromMs) || carry.length) {
      if (o.signal?.aborted) break;
      await sendTick(take(fromMs - 1));
    }
    clock = Math.max(clock, fromMs);
    const start = Date.now();
    while (!o.signal?.aborted && (ptr < plan.length || carry.length)) {
      const tickStart = Date.now();
      const until = o.speed === 'max' ? Infinity : fromMs + (tickStart - start) * o.speed;
      if (o.speed !== 'max') clock = Math.max(clock, until);
      const items = take(until);
      if (items.length) await sendTick(items);
      if (o.speed !== 'max') await sleep(Math.max(0, tickMs - (Date.now() - tickStart)));
    }
    aborted = o.signal?.aborted === true;
  } finally {
    clearInterval(timer);
    await printing;
  }
  const durationMs = Date.now() - t0;
  return {
    ...stats,
    planned: plan.counts(),
    durationMs,
    itemsPerSec: Math.round(stats.sent / Math.max(0.001, durationMs / 1000)),
    reached: localLabel(clock),
    nation: await fetchNation(o.url, plan.electionId, f),
    aborted,
  };
}
