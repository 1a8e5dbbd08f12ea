/**
 * Replays the counting night (counting-plan.ts) against a running server on a simulated clock, like the turnout
 * runner: items due are sent each tick, the items of one record (area × contest) one after another and in plan
 * order, different records in parallel (≤ `concurrency` in flight). A 503 or network error re-sends the same
 * request (same key): what had landed is answered as a replay. Each answer is judged against the plan.
 */
import type { CountingItem, CountingKind, CountingPlan } from './counting-plan.js';
import { COUNTING_EXPECTED, isoVn } from './counting-plan.js';
import { pool } from './send.js';
import type { SimTokens } from './tokens.js';

export interface CountingStats {
  sent: number;
  accepted: number;
  replayed: number;
  rejectedExpected: number;
  rejectedUnexpected: number;
  resent: number;
  unexpectedSamples: string[];
}

export interface CountingRunOptions {
  url: string;
  plan: CountingPlan;
  tokens: SimTokens;
  speed: number | 'max';
  /** Simulated instant to start the clock at; items due before it are sent at once (a resumed night). */
  fromMs?: number;
  tickMs?: number;
  concurrency?: number;
  fetch?: typeof fetch;
  backoffMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runCounting(
  o: CountingRunOptions,
): Promise<CountingStats & { planned: Record<CountingKind, number> }> {
  const { plan } = o;
  const f = o.fetch ?? fetch;
  const stats: CountingStats = {
    sent: 0,
    accepted: 0,
    replayed: 0,
    rejectedExpected: 0,
    rejectedUnexpected: 0,
    resent: 0,
    unexpectedSamples: [],
  };
  const unexpected = (it: CountingItem, why: string) => {
    stats.rejectedUnexpected++;
    if (stats.unexpectedSamples.length < 20)
      stats.unexpectedSamples.push(`${plan.areas[it.area]!.id}/${it.contest} ${it.kind}: ${why}`);
  };

  const request = (it: CountingItem): { path: string; token: string | undefined; body: unknown } => {
    const a = plan.areas[it.area]!;
    const team = o.tokens.areas.get(a.id) ?? o.tokens.nation;
    const kind = it.kind === 'retry' ? (it.of ?? 'record') : it.kind;
    const at = isoVn(it.atMs ?? it.sendAtMs);
    if (kind === 'progress')
      return {
        path: '/api/v1/counting/progress',
        token: team,
        body: { pollingAreaId: a.id, contest: it.contest, state: 'counting', at },
      };
    if (kind === 'confirm' || kind === 'return')
      return {
        path: `/api/v1/counting/records/${a.id}/${it.contest}/decision`,
        token: o.tokens.nation,
        body:
          kind === 'confirm'
            ? { action: 'confirm', version: it.version, at }
            : {
                action: 'return',
                version: it.version,
                at,
                reason: 'Số phiếu của một người ứng cử chưa khớp bảng kiểm',
              },
      };
    return { path: '/api/v1/counting/records', token: team, body: plan.recordOf(it) };
  };

  const send = async (it: CountingItem) => {
    stats.sent++;
    const r = request(it);
    if (!r.token) return unexpected(it, 'no token');
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 50) return unexpected(it, 'undelivered');
      if (attempt > 0) {
        stats.resent++;
        await sleep(Math.min(5000, (o.backoffMs ?? 200) * 2 ** (attempt - 1)));
      }
      let res: Response;
      try {
        res = await f(o.url + r.path, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${r.token}`,
            'idempotency-key': it.key,
          },
          body: JSON.stringify(r.body),
        });
      } catch {
        continue;
      }
      if (RETRYABLE.has(res.status)) {
        await res.arrayBuffer().catch(() => {});
        continue;
      }
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      const replay = res.headers.get('idempotent-replayed') === 'true';
      const want = COUNTING_EXPECTED[it.kind];
      if (res.status === 201 && want.status === 201) {
        if (it.kind === 'retry' && !replay) return unexpected(it, 'a network retry was counted as new');
        // A replay answers a planned retry, a re-sent request whose first answer was lost, or a restarted run.
        if (!replay || (it.kind !== 'retry' && attempt > 0)) stats.accepted++;
        else stats.replayed++;
        return;
      }
      const code = json.error?.code ?? '';
      if (res.status === want.status && (want.codes as readonly string[]).includes(code)) stats.rejectedExpected++;
      else unexpected(it, `${res.status} ${code}`);
      return;
    }
  };

  const items = plan.items;
  const tickMs = o.tickMs ?? 250;
  let ptr = 0;
  const tick = async (until: number) => {
    const groups = new Map<string, CountingItem[]>();
    while (ptr < items.length && items[ptr]!.sendAtMs <= until) {
      const it = items[ptr++]!;
      const k = `${it.area}.${it.contest}`;
      const g = groups.get(k);
      if (g) g.push(it);
      else groups.set(k, [it]);
    }
    await pool(
      [...groups.values()].map((g) => async () => {
        for (const it of g) await send(it);
      }),
      o.concurrency ?? 8,
    );
  };
  const fromMs = o.fromMs ?? items[0]?.sendAtMs ?? 0;
  const t0 = Date.now();
  let last = t0;
  while (ptr < items.length && !o.signal?.aborted) {
    const until = o.speed === 'max' ? Infinity : fromMs + (Date.now() - t0) * o.speed;
    const started = Date.now();
    // Bounded ticks, so progress lines keep coming when far behind.
    await tick(Math.min(until, items[Math.min(ptr + 2000, items.length - 1)]!.sendAtMs));
    if (o.log && Date.now() - last > 5000) {
      last = Date.now();
      o.log(
        `[counting ${isoVn(items[Math.max(0, ptr - 1)]!.sendAtMs)
          .slice(0, 16)
          .replace(
            'T',
            ' ',
          )}] sent ${stats.sent} · accepted ${stats.accepted} · rejected as expected ${stats.rejectedExpected} · unexpected ${stats.rejectedUnexpected}`,
      );
    }
    if (o.speed !== 'max') await sleep(Math.max(0, tickMs - (Date.now() - started)));
  }
  return { ...stats, planned: plan.counts() };
}
