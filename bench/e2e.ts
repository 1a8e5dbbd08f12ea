/**
 * End-to-end latency as a viewer sees it: from the moment the reporter's HTTP response arrives to the first
 * `scope:updated` of the area's commune that reflects it (children[areaId].seq >= areaSeq). Both ends are in this
 * process, so one clock measures both. The coalescing window (COALESCE_MS, 250 ms) bounds it from below on average.
 */
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Ack, ScopeUpdate, SubscribeResult } from '@ecc/shared';
import { EV } from '@ecc/shared';
import { percentile, postReport } from './burst.js';
import type { Report } from './burst.js';

export interface LatencyResult {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Updates that reached the socket before the HTTP response reached the reporter (counted as 0 ms). */
  beforeResponse: number;
  /** Reports whose update never arrived within the wait. */
  missing: number;
  /** Median size of a commune update as JSON, for the ceiling's payload. */
  payloadBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connected(socket: Socket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/**
 * Subscribes one socket to the communes, then sends `samples` (one every `intervalMs`, not waiting for each) and
 * matches each accepted report to the first update carrying its area at or past its areaSeq.
 */
export async function e2eLatency(
  url: string,
  electionId: string,
  communes: string[],
  samples: Report[],
  intervalMs: number,
): Promise<LatencyResult> {
  const socket = connect(url, { transports: ['websocket'], auth: { election: electionId }, forceNew: true });
  await connected(socket);
  for (const code of communes) {
    const r = await socket.timeout(10_000).emitWithAck(EV.subscribe, { scope: `commune:${code}` });
    const ack = r as Ack<SubscribeResult>;
    if (!ack.ok) throw new Error(`subscribe commune:${code} failed: ${ack.error.code}`);
  }

  const seen = new Map<string, number>(); // areaId → highest seq seen in an update
  const waiting = new Map<string, { seq: number; since: number }[]>();
  const latencies: number[] = [];
  const sizes: number[] = [];
  let beforeResponse = 0;
  socket.on(EV.updated, (u: ScopeUpdate) => {
    const now = performance.now();
    if (sizes.length < 2000) sizes.push(JSON.stringify(u).length);
    for (const [areaId, f] of Object.entries(u.children)) {
      seen.set(areaId, Math.max(seen.get(areaId) ?? 0, f.seq));
      const list = waiting.get(areaId);
      if (!list) continue;
      const rest = list.filter((w) => {
        if (f.seq < w.seq) return true;
        latencies.push(now - w.since);
        return false;
      });
      if (rest.length) waiting.set(areaId, rest);
      else waiting.delete(areaId);
    }
  });

  let failures = 0;
  const send = async (r: Report) => {
    const areaSeq = await postReport(url, r);
    const since = performance.now();
    if (areaSeq === null) return void failures++;
    if ((seen.get(r.areaId) ?? 0) >= areaSeq) {
      beforeResponse++;
      latencies.push(0);
      return;
    }
    const list = waiting.get(r.areaId) ?? [];
    list.push({ seq: areaSeq, since });
    waiting.set(r.areaId, list);
  };

  const inFlight: Promise<void>[] = [];
  for (const r of samples) {
    inFlight.push(send(r).catch(() => void failures++));
    await sleep(intervalMs);
  }
  await Promise.all(inFlight);
  // Long enough for several coalescing windows; anything still waiting after this is reported as missing.
  for (let t = 0; t < 50 && waiting.size > 0; t++) await sleep(100);
  let missing = failures;
  for (const list of waiting.values()) missing += list.length;
  socket.close();
  return {
    samples: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    beforeResponse,
    missing,
    payloadBytes: percentile(sizes, 50),
  };
}

/** One raw Socket.io hop from the ceiling server (see ceiling-server.ts): same payload size, no app logic. */
export async function socketHop(url: string, bytes: number, count: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true });
  await connected(socket);
  const latencies: number[] = [];
  socket.on('echo', (m: { t: string }) => {
    latencies.push(Number(process.hrtime.bigint() - BigInt(m.t)) / 1e6);
  });
  await socket.timeout(60_000).emitWithAck('echo:run', { count, bytes, intervalMs: 4 });
  await sleep(50);
  socket.close();
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
