/**
 * Many viewers at once (issue 7): a fleet of viewer processes (viewer-worker.ts) holding 1,000 or 5,000 Socket.io
 * connections to the real server or to the raw Socket.io ceiling (raw-fanout-server.ts). What is measured with it:
 * end-to-end latency from a report's acceptance to each viewer's update, fan-out deliveries per second and server
 * CPU per delivery against raw Socket.io broadcasting the same plan, and server RSS per 1,000 viewers.
 */
import { readFileSync } from 'node:fs';
import type { PollingArea } from '@ecc/shared';
import { postReport } from './burst.js';
import type { Report } from './burst.js';
import { spawnIpcChild } from './stack.js';
import type { IpcChild } from './stack.js';

export interface PlanEntry {
  room: string;
  count: number;
  bytes: number;
}

const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/**
 * What each viewer watches, like a room of walls and tablets: the nation, one province (round robin over all),
 * and one commune — a tenth of the viewers watch the communes whose reports are timed, the rest 60 others.
 */
export function viewerScopes(areas: readonly PollingArea[], total: number, timed: readonly string[]) {
  const provinces = [...new Set(areas.map((a) => a.provinceCode))];
  const timedSet = new Set(timed);
  const others = [...new Set(areas.map((a) => a.communeCode))].filter((c) => !timedSet.has(c)).slice(0, 60);
  return Array.from({ length: total }, (_, i) => {
    const commune = i % 10 === 0 ? timed[(i / 10) % timed.length]! : others[i % others.length]!;
    return { scopes: ['nation', `province:${provinces[i % provinces.length]}`, `commune:${commune}`] };
  });
}

export class ViewerFleet {
  private workers: IpcChild[];
  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => spawnIpcChild('bench/viewer-worker.ts'));
  }

  /** Spreads the viewers over the workers; resolves when all are connected and subscribed. */
  async open(o: { url: string; election: string; raw: boolean; viewers: { scopes: string[] }[]; watch: string[] }) {
    const parts = this.workers.map((_, w) => o.viewers.filter((_, i) => i % this.workers.length === w));
    const r = await Promise.all(
      this.workers.map((wk, w) =>
        wk.request<{ opened?: number; failed?: number; firstError?: string; error?: string }>({
          type: 'open',
          ...o,
          viewers: parts[w],
        }),
      ),
    );
    const err = r.find((x) => x.error);
    if (err) throw new Error(`viewers: ${err.error}`);
    return {
      opened: r.reduce((s, x) => s + (x.opened ?? 0), 0),
      failed: r.reduce((s, x) => s + (x.failed ?? 0), 0),
      firstError: r.find((x) => x.firstError)?.firstError,
    };
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ type: 'reset' })));
  }

  /** Deliveries so far, and per room the distinct updates and their size (the plan raw Socket.io replays). */
  async count(): Promise<{ deliveries: number; plan: PlanEntry[] }> {
    const r = await Promise.all(
      this.workers.map((w) => w.request<{ deliveries: number; plan: PlanEntry[] }>({ type: 'count' })),
    );
    const plan = new Map<string, PlanEntry>();
    for (const p of r.flatMap((x) => x.plan)) {
      const q = plan.get(p.room);
      if (!q || p.count > q.count) plan.set(p.room, { ...p, bytes: Math.max(p.bytes, q?.bytes ?? 0) });
    }
    return { deliveries: r.reduce((s, x) => s + x.deliveries, 0), plan: [...plan.values()].filter((p) => p.count) };
  }

  async latency(accepted: [string, number, number][]): Promise<{ latencies: number[]; missing: number }> {
    const r = await Promise.all(
      this.workers.map((w) =>
        w.request<{ latencies: number[]; missing: number }>({ type: 'latency', accepted }, 300_000),
      ),
    );
    return { latencies: r.flatMap((x) => x.latencies), missing: r.reduce((s, x) => s + x.missing, 0) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ type: 'close' })));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

/** Sends reports one at a time, `intervalMs` apart without waiting; returns each acceptance (area, seq, time). */
export async function timedReports(url: string, reports: readonly Report[], intervalMs: number) {
  const accepted: [string, number, number][] = [];
  let failures = 0;
  const send = async (r: Report) => {
    const seq = await postReport(url, r);
    if (seq !== null) accepted.push([r.areaId, seq, clock()]);
    else failures++;
  };
  const inFlight: Promise<void>[] = [];
  for (const r of reports) {
    inFlight.push(send(r).catch(() => void failures++));
    await sleep(intervalMs);
  }
  await Promise.all(inFlight);
  await sleep(2000); // several coalescing windows: later arrivals count as missing
  return { accepted, failures };
}

/** The raw Socket.io ceiling process; `emit` replays a plan over `seconds`. */
export async function startRawFanout() {
  const child = spawnIpcChild('bench/raw-fanout-server.ts');
  const port = await child.listening;
  return {
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    emit: (plan: PlanEntry[], seconds: number) => child.request({ type: 'emit', plan, seconds }, 300_000),
    stop: () => child.stop(),
  };
}
