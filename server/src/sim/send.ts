/**
 * Sending planned items over the real HTTP API and judging each answer against what the plan expects.
 * A request that meets a 503 or a network error is sent again, unchanged (same idempotency keys), after a
 * back-off: the server answers what had already landed as a replay, so nothing is lost or counted twice.
 */
import type { PlanItem } from './plan.js';
import type { SimTokens } from './tokens.js';

/** The API takes ≤ 1,000 items per batch (MAX_BATCH) in a body ≤ 256 KB (~110 B per item). */
export const BATCH_MAX_ITEMS = 1000;
export const BATCH_MAX_BYTES = 250_000;

export interface SimRequest {
  via: 'batch' | 'single';
  token: string;
  items: PlanItem[];
}

export interface SendStats {
  /** Plan items sent (first attempts). */
  sent: number;
  requests: number;
  /** Requests sent again after a 503 or a network error. */
  resent: number;
  accepted: number;
  /** Answered as replays: planned network retries, and everything re-sent by a restarted simulator. */
  replayed: number;
  /** Planned network retries answered as replays (must equal the planned count). */
  retriesReplayed: number;
  rejectedExpected: number;
  rejectedUnexpected: number;
  unexpectedSamples: string[];
}

export function emptyStats(): SendStats {
  return {
    sent: 0,
    requests: 0,
    resent: 0,
    accepted: 0,
    replayed: 0,
    retriesReplayed: 0,
    rejectedExpected: 0,
    rejectedUnexpected: 0,
    unexpectedSamples: [],
  };
}

function reportBody(it: PlanItem): Record<string, unknown> {
  const b: Record<string, unknown> = { pollingAreaId: it.areaId, voted: it.voted, at: it.at };
  if (it.reason !== undefined) b.reason = it.reason;
  return b;
}

/**
 * One tick's items as requests: each province's committee sends its teams' reports in batches (as committees
 * do, relaying phone calls and the commune software); the rest go one by one with the team's own token.
 */
export function toRequests(items: readonly PlanItem[], tokens: SimTokens): SimRequest[] {
  const byProvince = new Map<string, PlanItem[]>();
  const out: SimRequest[] = [];
  for (const it of items) {
    if (it.via === 'single' || it.kind === 'correction') {
      const token = tokens.areas.get(it.areaId) ?? tokens.provinces.get(it.provinceCode) ?? tokens.nation;
      if (!token) throw new Error(`no token for polling area ${it.areaId}`);
      out.push({ via: 'single', token, items: [it] });
      continue;
    }
    const list = byProvince.get(it.provinceCode) ?? [];
    list.push(it);
    byProvince.set(it.provinceCode, list);
  }
  for (const [code, list] of byProvince) {
    const token = tokens.provinces.get(code) ?? tokens.nation;
    if (!token) throw new Error(`no committee token for province ${code}`);
    let chunk: PlanItem[] = [];
    let bytes = 16;
    for (const it of list) {
      const size = JSON.stringify(reportBody(it)).length + it.key.length + 20;
      if (chunk.length && (chunk.length >= BATCH_MAX_ITEMS || bytes + size > BATCH_MAX_BYTES)) {
        out.push({ via: 'batch', token, items: chunk });
        chunk = [];
        bytes = 16;
      }
      chunk.push(it);
      bytes += size;
    }
    if (chunk.length) out.push({ via: 'batch', token, items: chunk });
  }
  return out;
}

export interface SenderOptions {
  url: string;
  stats: SendStats;
  /** Attempts per request before its items are counted as undelivered (unexpected). */
  maxAttempts?: number;
  backoffMs?: number;
  fetch?: typeof fetch;
}

type Answer = { status: number; code: string; replayed: boolean };
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_BACKOFF_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Sender {
  private readonly fetch: typeof fetch;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(private readonly o: SenderOptions) {
    this.fetch = o.fetch ?? fetch;
    this.maxAttempts = o.maxAttempts ?? 50;
    this.backoffMs = o.backoffMs ?? 200;
  }

  /** Sends one request to the end: retried items keep their keys; returns when every item has an answer. */
  async send(req: SimRequest): Promise<void> {
    const s = this.o.stats;
    s.sent += req.items.length;
    let pending = req.items;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= this.maxAttempts) {
        for (const it of pending) this.unexpected(it, `undelivered after ${attempt} attempts`);
        return;
      }
      if (attempt > 0) {
        s.resent++;
        await sleep(Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      }
      s.requests++;
      const answers = await this.post(req.via, req.token, pending).catch(() => null);
      if (!answers) continue;
      const retry: PlanItem[] = [];
      pending.forEach((it, i) => {
        const a = answers[i] ?? { status: 0, code: 'NO_ANSWER', replayed: false };
        if (RETRYABLE.has(a.status)) retry.push(it);
        else this.judge(it, a, attempt > 0);
      });
      pending = retry;
    }
  }

  /** Answers in item order; a whole-request 503 answers every item with 503. Throws on network errors. */
  private async post(via: 'batch' | 'single', token: string, items: PlanItem[]): Promise<Answer[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const first = items[0] as PlanItem;
    let path = '/api/v1/turnout/batch';
    let body: unknown = { reports: items.map((it) => ({ idempotencyKey: it.key, ...reportBody(it) })) };
    if (via === 'single') {
      path = first.kind === 'correction' ? '/api/v1/turnout/corrections' : '/api/v1/turnout';
      headers['idempotency-key'] = first.key;
      body = reportBody(first);
    }
    const res = await this.fetch(this.o.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as {
      error?: { code?: string };
      results?: { status: number; replayed?: boolean; body?: { error?: { code?: string } } }[];
    };
    if (via === 'batch' && res.status === 200 && json.results) {
      return json.results.map((r) => ({
        status: r.status,
        code: r.body?.error?.code ?? '',
        replayed: r.replayed === true,
      }));
    }
    const replayed = res.headers.get('idempotent-replayed') === 'true';
    return items.map(() => ({ status: res.status, code: json.error?.code ?? '', replayed }));
  }

  private judge(it: PlanItem, a: Answer, resent: boolean): void {
    const s = this.o.stats;
    if (a.status === 201) {
      if (it.expect === 'reject') return this.unexpected(it, `accepted a deliberately wrong report`);
      if (!a.replayed && it.expect === 'replay') return this.unexpected(it, 'a network retry was counted as new');
      if (!a.replayed) s.accepted++;
      else if (it.expect === 'replay') {
        s.replayed++;
        s.retriesReplayed++;
      }
      // A replay of our own re-sent request means the first attempt landed but its answer was lost.
      else if (resent) s.accepted++;
      else s.replayed++;
      return;
    }
    if (it.expect === 'reject' && (it.codes as readonly string[]).includes(a.code)) s.rejectedExpected++;
    else this.unexpected(it, `${a.status} ${a.code || '(no code)'}`);
  }

  private unexpected(it: PlanItem, why: string): void {
    const s = this.o.stats;
    s.rejectedUnexpected++;
    if (s.unexpectedSamples.length < 20)
      s.unexpectedSamples.push(`${it.areaId} ${it.kind} ${it.at} voted=${it.voted}: ${why}`);
  }
}

/** Runs tasks with at most `limit` in flight. */
export async function pool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
