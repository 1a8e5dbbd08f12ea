import { generateSmall } from '@ecc/fixtures';
import { LiveClient } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import { loadReference } from '../store/reference.store.js';
import { createRedis } from '../store/redis.js';
import { issueTokens } from '../store/tokens.store.js';
import { startRedis } from './redis-process.js';
import { spawnServer } from './server-process.js';
import { lostAndDuplicated, verifyByReplay } from './verify.js';

export interface OutageDrillOptions {
  /** How long redis-server stays down (the issue's drill: 30 s). */
  downMs: number;
  /** Reports sent while it is down (queued by the reporting client, then drained). */
  queued: number;
  /** Updates that happen while a wall is away (the issue's drill: 10,000). */
  awayUpdates: number;
  log?: (line: string) => void;
}

export interface OutageDrillResult {
  slowest503Ms: number;
  answers503: number;
  wallWentStale: boolean;
  queuedDrained: number;
  lost: number;
  duplicated: number;
  wallConverged: boolean;
  wallGaps: number;
  mismatches: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two drills on real processes: Redis down for `downMs` while a wall watches and a client keeps reporting
 * (the API must answer 503 fast, the wall must go stale and recover by itself, the client's queued reports must
 * drain exactly once); then a wall away while `awayUpdates` updates happen (it must converge with no gap).
 */
export async function runOutageDrill(o: OutageDrillOptions): Promise<OutageDrillResult> {
  const log = o.log ?? (() => {});
  const id = 'drill-outage';
  const data = generateSmall({ election: { id, kind: 'drill', mode: 'simulation' } });
  const redisProc = await startRedis();
  const admin = createRedis(redisProc.url, 60_000, 'drill-admin');
  await admin.connect();
  const server = await spawnServer({ REDIS_URL: redisProc.url, ELECTION_ID: id, HEARTBEAT_MS: '1000' });
  const socket = connect(server.url, { transports: ['websocket'], auth: { election: id }, forceNew: true });
  try {
    await loadReference(admin, data);
    const [token] = await issueTokens(admin, [{ role: 'committee', election: id, scope: 'nation', name: 'drill' }]);
    const wall = new LiveClient(socket);
    const nation = wall.subscribe('nation');
    const areas = data.areas.filter((a) => a.votingDate === data.election.date && a.registered.na > 200);
    let n = 0;
    const nextReport = () => {
      const a = areas[n % areas.length]!;
      const at = new Date(Date.parse(`${data.election.date}T07:00:00+07:00`) + n * 1000).toISOString();
      n++;
      return { idempotencyKey: `drill-outage-${n}`, pollingAreaId: a.id, voted: Math.ceil(n / areas.length), at };
    };
    const post = (reports: unknown[]) =>
      fetch(`${server.url}/api/v1/turnout/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ reports }),
      });
    while (!nation.ready) await sleep(20);

    // 1. Redis down: every answer meanwhile is a fast 503; the client queues what it could not send.
    log(`  redis-server down for ${o.downMs / 1000} s`);
    await redisProc.kill('SIGKILL');
    const queue = Array.from({ length: o.queued }, nextReport);
    let answers503 = 0;
    let slowest = 0;
    const downUntil = Date.now() + o.downMs;
    while (Date.now() < downUntil) {
      const t0 = Date.now();
      const r = await post(queue.slice(0, 50)).catch(() => null);
      slowest = Math.max(slowest, Date.now() - t0);
      if (r?.status === 503) answers503++;
      await sleep(250);
    }
    wall.checkStale(2000);
    const wallWentStale = wall.status !== 'live';
    await redisProc.restart();
    // 2. The queue drains; every report once (retrying a batch that may have landed is answered as a replay).
    let drained = 0;
    for (let i = 0; i < queue.length; i += 50) {
      const batch = queue.slice(i, i + 50);
      for (;;) {
        const r = await post(batch).catch(() => null);
        if (r?.status === 200 && ((await r.json()) as { accepted: number }).accepted === batch.length) break;
        await sleep(200);
      }
      drained += batch.length;
    }
    // 3. A wall away during many updates.
    socket.disconnect();
    for (let i = 0; i < o.awayUpdates; i += 500) {
      const r = await post(Array.from({ length: Math.min(500, o.awayUpdates - i) }, nextReport));
      if (r.status !== 200) throw new Error(`burst answered ${r.status}`);
    }
    socket.connect();
    const target = (await (await fetch(`${server.url}/api/v1/scopes/nation?election=${id}`)).json()) as {
      seq: number;
      figures: unknown;
    };
    // A wait, not a measurement: on a machine busy with other work the resync can take many seconds.
    const deadline = Date.now() + 45_000;
    while (nation.seq !== target.seq && Date.now() < deadline) await sleep(50);
    const wallConverged =
      nation.seq === target.seq && JSON.stringify(nation.figures) === JSON.stringify(target.figures);
    const verify = await verifyByReplay(admin, id);
    const { lost, duplicated } = await lostAndDuplicated(admin, id, queue);
    const result: OutageDrillResult = {
      slowest503Ms: slowest,
      answers503,
      wallWentStale,
      queuedDrained: drained,
      lost,
      duplicated,
      wallConverged,
      wallGaps: wall.stats.gaps,
      mismatches: verify.mismatches,
    };
    log(
      `  503 answers ${answers503} (slowest ${slowest} ms) · wall stale while down: ${wallWentStale} · queued ` +
        `${queue.length}, drained ${drained} (lost ${lost}, counted twice ${duplicated}) · wall away for ${o.awayUpdates} updates: converged ${wallConverged} ` +
        `(resyncs ${wall.stats.resyncs}, snapshots ${wall.stats.snapshots}) · replay mismatches ${verify.mismatches.length}`,
    );
    return result;
  } finally {
    socket.close();
    await server.stop('SIGKILL');
    await admin.quit().catch(() => {});
    await redisProc.stop();
  }
}
