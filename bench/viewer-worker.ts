/**
 * A bench child holding many viewers (Socket.io clients, websocket transport, one connection each), so thousands
 * of viewers do not share the bench process's event loop with the load generator. Answers IPC requests:
 *   open    {url, election, raw, viewers: [{scopes}], watch: areaIds} → connects and subscribes (or joins rooms
 *           on the raw Socket.io server); records, per viewer, when each watched area's sequence first arrived.
 *   count   → deliveries and bytes so far, and per room the number of distinct updates seen (the fan-out plan).
 *   latency {accepted: [areaId, seq, acceptedAtMs][]} → for every viewer watching the area's commune, the delay
 *           from acceptance to the first update carrying that sequence (missing ones counted).
 *   close.
 * Times are epoch milliseconds from performance.timeOrigin + now(): sub-millisecond and comparable across processes.
 */
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Ack, ScopeUpdate } from '@ecc/shared';
import { EV } from '@ecc/shared';

interface Viewer {
  socket: Socket;
  communes: Set<string>;
  /** areaId → flat [seq, time, seq, time…] of first arrivals, in arrival order. */
  arrivals: Map<string, number[]>;
}

const clock = () => performance.timeOrigin + performance.now();
const viewers: Viewer[] = [];
let deliveries = 0;
let bytes = 0;
/** room → distinct update ids seen (toSeq for the app, a counter for raw) and the JSON size of the last one. */
const rooms = new Map<string, { seen: Set<number>; bytes: number }>();
let watch = new Set<string>();

function onUpdate(v: Viewer, u: ScopeUpdate, sample: boolean): void {
  deliveries++;
  let r = rooms.get(u.scope);
  if (!r) rooms.set(u.scope, (r = { seen: new Set(), bytes: 0 }));
  if (sample && !r.seen.has(u.toSeq)) {
    const size = JSON.stringify(u).length;
    r.bytes = size;
    bytes += size;
  }
  r.seen.add(u.toSeq);
  if (!u.scope.startsWith('commune:') || watch.size === 0) return;
  const t = clock();
  for (const [id, f] of Object.entries(u.children)) {
    if (!watch.has(id)) continue;
    const list = v.arrivals.get(id);
    if (!list) v.arrivals.set(id, [f.seq, t]);
    else if (f.seq > list[list.length - 2]!) list.push(f.seq, t);
  }
}

async function open(m: {
  url: string;
  election: string;
  raw: boolean;
  viewers: { scopes: string[] }[];
  watch: string[];
}): Promise<{ opened: number; failed: number; firstError?: string }> {
  watch = new Set(m.watch);
  let failed = 0;
  const one = async (scopes: string[]) => {
    const socket = connect(m.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { election: m.election },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const v: Viewer = {
      socket,
      communes: new Set(scopes.filter((s) => s.startsWith('commune:')).map((s) => s.slice(8))),
      arrivals: new Map(),
    };
    // One viewer per room samples payload sizes (serialising every delivery would cost more than receiving it).
    const sampleFor = new Set(scopes.filter((s) => !rooms.has(s)));
    for (const s of sampleFor) rooms.set(s, { seen: new Set(), bytes: 0 });
    if (m.raw) {
      socket.on('raw', (u: ScopeUpdate) => onUpdate(v, u, sampleFor.has(u.scope)));
      await socket.timeout(30_000).emitWithAck('join', scopes);
    } else {
      socket.on(EV.updated, (u: ScopeUpdate) => onUpdate(v, u, sampleFor.has(u.scope)));
      for (const scope of scopes) {
        const ack = (await socket.timeout(30_000).emitWithAck(EV.subscribe, { scope })) as Ack<unknown>;
        if (!ack.ok) throw new Error(`subscribe ${scope}: ${ack.error.code}`);
      }
    }
    viewers.push(v);
  };
  // A hundred handshakes at a time per worker: all at once would measure the accept queue, not the fan-out.
  let firstError: string | undefined;
  for (let i = 0; i < m.viewers.length; i += 100) {
    const settled = await Promise.allSettled(m.viewers.slice(i, i + 100).map((v) => one(v.scopes)));
    for (const s of settled) {
      if (s.status === 'fulfilled') continue;
      failed++;
      firstError ??= String(s.reason);
    }
  }
  return { opened: m.viewers.length - failed, failed, ...(firstError ? { firstError } : {}) };
}

function latency(accepted: [string, number, number][]): { latencies: number[]; missing: number } {
  const latencies: number[] = [];
  let missing = 0;
  for (const v of viewers) {
    for (const [areaId, seq, at] of accepted) {
      if (!v.communes.has(areaId.slice(0, 5))) continue;
      const list = v.arrivals.get(areaId);
      let t = -1;
      for (let i = 0; list && i < list.length; i += 2) {
        if (list[i]! >= seq) {
          t = list[i + 1]!;
          break;
        }
      }
      if (t < 0) missing++;
      else latencies.push(Math.max(0, t - at));
    }
  }
  return { latencies, missing };
}

type OpenRequest = Parameters<typeof open>[0];
type Request = { id: number; type: string } & Partial<OpenRequest> & { accepted?: [string, number, number][] };

process.on('message', (m: Request) => {
  const reply = (body: Record<string, unknown>) => process.send?.({ id: m.id, ...body });
  if (m.type === 'open') void open(m as Request & OpenRequest).then(reply, (e: unknown) => reply({ error: String(e) }));
  else if (m.type === 'count') {
    const plan = [...rooms].map(([room, r]) => ({ room, count: r.seen.size, bytes: r.bytes }));
    reply({ deliveries, bytes, plan });
  } else if (m.type === 'reset') {
    deliveries = 0;
    bytes = 0;
    for (const r of rooms.values()) r.seen.clear();
    reply({});
  } else if (m.type === 'latency') reply(latency(m.accepted ?? []));
  else if (m.type === 'close') {
    for (const v of viewers) v.socket.close();
    viewers.length = 0;
    reply({});
  }
});
process.on('SIGTERM', () => process.exit(0));
