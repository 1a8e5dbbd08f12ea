/**
 * Load shapes: a one-report-per-request burst driven by autocannon (each request rotates its body and headers, so
 * every polling area reports once with its own token and key), and a batch burst with a few requests in flight.
 * Times are taken here, from the first request to the last response, because autocannon's own duration rounds up
 * to its 1 s sampling tick.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import type { RequestData } from 'autocannon';
import type { IngestItem, TurnoutStore } from '../server/src/store/turnout.store.js';

export interface Report {
  areaId: string;
  token: string;
  voted: number;
  at: string;
  key: string;
}

export interface BurstResult {
  requests: number;
  /** Responses with the expected status (201 one by one; accepted items for batches). */
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  seconds: number;
  /** Reports per second (for batches: accepted reports, not requests). */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstFailure?: string;
}

export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface OneByOneOptions {
  connections: number;
  /** Paced load (requests/s over all connections) for the background of the latency test. */
  overallRate?: number;
  /** Run for this long instead of sending every report once. */
  durationS?: number;
}

/** POST /api/v1/turnout once per report (amount = reports.length unless durationS is given). */
export async function oneByOne(url: string, reports: readonly Report[], o: OneByOneOptions): Promise<BurstResult> {
  // Bodies are serialised before the clock starts, so the load generator spends its CPU on HTTP only.
  const bodies = reports.map((r) => JSON.stringify({ pollingAreaId: r.areaId, voted: r.voted, at: r.at }));
  let next = 0;
  const setupRequest = (req: RequestData): RequestData => {
    const i = next++ % reports.length;
    const r = reports[i]!;
    req.headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${r.token}`,
      'idempotency-key': r.key,
    };
    req.body = bodies[i]!;
    return req;
  };
  const latencies: number[] = [];
  let firstFailure: string | undefined;
  const t0 = performance.now();
  let tLast = t0;
  const instance = autocannon({
    url,
    connections: o.connections,
    pipelining: 1,
    timeout: 30,
    ...(o.durationS ? { duration: o.durationS } : { amount: reports.length }),
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    requests: [{ method: 'POST', path: '/api/v1/turnout', setupRequest }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    tLast = performance.now();
    latencies.push(responseTime);
    if (status !== 201 && firstFailure === undefined) firstFailure = `HTTP ${status}`;
  });
  const result = await instance;
  const seconds = (tLast - t0) / 1000;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  const ok = statuses['201'] ?? 0;
  return {
    requests: latencies.length,
    ok,
    statuses,
    errors: result.errors + result.timeouts,
    seconds,
    perSecond: ok / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** One report through POST /api/v1/turnout; the area's sequence number when accepted (201), else null. */
export async function postReport(url: string, r: Report): Promise<number | null> {
  const res = await fetch(`${url}/api/v1/turnout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}`, 'idempotency-key': r.key },
    body: JSON.stringify({ pollingAreaId: r.areaId, voted: r.voted, at: r.at }),
  });
  const body = (await res.json()) as { areaSeq?: number };
  return res.status === 201 && typeof body.areaSeq === 'number' ? body.areaSeq : null;
}

export interface BatchItem {
  pollingAreaId: string;
  voted: number;
  at: string;
  idempotencyKey: string;
}

interface BatchResponse {
  accepted?: number;
  results?: { status: number; body?: unknown }[];
}

// The load generator shares the machine with what it measures: node:http over a keep-alive agent costs it less
// CPU per request than fetch (WHATWG streams), and every core it spares is one the server and Redis can use.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /api/v1/turnout/batch in chunks of `size`, `inFlight` requests at a time over keep-alive connections. */
export async function batches(
  url: string,
  token: string,
  items: readonly BatchItem[],
  o: { size: number; inFlight: number },
): Promise<BurstResult> {
  const bodies: string[] = [];
  for (let i = 0; i < items.length; i += o.size) bodies.push(JSON.stringify({ reports: items.slice(i, i + o.size) }));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t = performance.now();
      try {
        const res = await post(`${url}/api/v1/turnout/batch`, headers, body);
        const text = res.text;
        latencies.push(performance.now() - t);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const ok = res.status >= 200 && res.status < 300;
        const parsed = (ok ? JSON.parse(text) : {}) as BatchResponse;
        accepted += parsed.accepted ?? 0;
        const bad = parsed.results?.find((r) => r.status !== 201);
        if (firstFailure === undefined && (!ok || bad)) {
          firstFailure = bad
            ? `item ${bad.status}: ${JSON.stringify(bad.body)}`
            : `HTTP ${res.status}: ${text.slice(0, 200)}`;
        }
      } catch (e) {
        errors++;
        firstFailure ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    requests: latencies.length,
    ok: accepted,
    statuses,
    errors,
    seconds,
    perSecond: accepted / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** A batch item as the store receives it (what the server builds from an HTTP item), from `sender`. */
export function toIngestItem(
  r: BatchItem,
  sender: Pick<IngestItem, 'requestId' | 'reporter' | 'role' | 'ip' | 'requestPart'>,
  bodyHash: string,
): IngestItem {
  return {
    areaId: r.pollingAreaId,
    voted: r.voted,
    atMs: Date.parse(r.at),
    atIso: r.at,
    idempotencyKey: r.idempotencyKey,
    bodyHash,
    kind: 'report',
    reason: '',
    ...sender,
  };
}

/**
 * Ceiling of the batch path: the real ingest script (TurnoutStore.ingest) called directly from this process with
 * the same items per call and calls in flight as the HTTP batches: no HTTP, no JSON envelope, no auth.
 */
export async function rawIngest(
  store: TurnoutStore,
  electionId: string,
  items: readonly BatchItem[],
  o: { size: number; inFlight: number },
): Promise<{ ok: number; seconds: number; perSecond: number }> {
  const sender = { requestId: 'bench-raw', reporter: 'bench', role: 'national-council', ip: '' };
  const chunks: IngestItem[][] = [];
  for (let i = 0; i < items.length; i += o.size)
    chunks.push(items.slice(i, i + o.size).map((r) => toIngestItem(r, sender, 'bench')));
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const batch = { electionId, nowMs: Date.now(), maxFutureMs: null, logMaxLen: 5000 };
      const results = await store.ingest({ ...batch, bucketMs: 600_000, items: chunks[next++]! });
      ok += results.filter((r) => r.ok).length;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.inFlight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { ok, seconds, perSecond: ok / seconds };
}

/**
 * The largest batch the server takes, `preferred` first: items are invalid on purpose (voted −1) so only the
 * envelope is under test and nothing is stored.
 */
export async function batchSizeAccepted(url: string, token: string, items: readonly BatchItem[], preferred: number) {
  for (let size = preferred; size >= 50; size = Math.floor(size / 2)) {
    const res = await fetch(`${url}/api/v1/turnout/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ reports: items.slice(0, size).map((r) => ({ ...r, voted: -1 })) }),
    });
    await res.arrayBuffer();
    if (res.status !== 413) return { size, status: res.status };
  }
  throw new Error('the batch endpoint refuses even 50 items');
}

/** One log line per load run. */
export function describe(r: BurstResult): string {
  return (
    `${r.ok.toLocaleString('en')} ok of ${r.requests.toLocaleString('en')} requests in ${r.seconds.toFixed(2)} s ` +
    `(${Math.round(r.perSecond).toLocaleString('en')}/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms) ` +
    `statuses ${JSON.stringify(r.statuses)}${r.errors ? ` errors ${r.errors}` : ''}` +
    `${r.firstFailure ? ` first failure: ${r.firstFailure}` : ''}`
  );
}

/** Raw Redis write rate for context: pipelined HINCRBY, `chunk` commands per round trip, for about `durationMs`. */
export async function pipelinedHincrby(
  hIncrBy: (key: string, field: string, by: number) => Promise<unknown>,
  durationMs: number,
  chunk = 1000,
): Promise<number> {
  const t0 = performance.now();
  let sent = 0;
  while (performance.now() - t0 < durationMs) {
    const batch: Promise<unknown>[] = [];
    for (let j = 0; j < chunk; j++) batch.push(hIncrBy('bench:hincrby', String(sent++ % 72_195), 1));
    await Promise.all(batch);
  }
  return sent / ((performance.now() - t0) / 1000);
}
