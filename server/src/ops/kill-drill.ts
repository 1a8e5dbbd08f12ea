import { generateNational, generateSmall } from '@ecc/fixtures';
import { loadReference } from '../store/reference.store.js';
import { createRedis } from '../store/redis.js';
import { issueTokens } from '../store/tokens.store.js';
import { startRedis } from './redis-process.js';
import { spawnServer } from './server-process.js';
import type { ServerProcess } from './server-process.js';
import { lostAndDuplicated, verifyByReplay } from './verify.js';

export interface KillDrillOptions {
  target: 'server' | 'redis';
  reports: number;
  national?: boolean;
  perRequest?: number;
  log?: (line: string) => void;
}

export interface KillDrillResult {
  sent: number;
  acknowledged: number;
  retried: number;
  lost: number;
  duplicated: number;
  mismatches: string[];
  votedStored: number;
  votedAcknowledged: number;
}

type Report = { idempotencyKey: string; pollingAreaId: string; voted: number; at: string };

/**
 * A fault drill on real processes: two server processes on one Redis (AOF, fsync always), a reporting client that
 * sends batches to either and, on any failure, sends the same batch again (same idempotency keys) to the other,
 * and a `kill -9` of one server — or of redis-server, restarted a second later on its data — a third of the way
 * through. Then: every acknowledged report is stored exactly once, nothing was counted twice, and every aggregate
 * equals the replay of the areas' histories.
 */
export async function runKillDrill(o: KillDrillOptions): Promise<KillDrillResult> {
  const log = o.log ?? (() => {});
  const id = `drill-kill-${o.target}`;
  const data = (o.national ? generateNational : generateSmall)({ election: { id, kind: 'drill', mode: 'simulation' } });
  const redisProc = await startRedis();
  const admin = createRedis(redisProc.url, 60_000, 'drill-admin');
  await admin.connect();
  const servers: ServerProcess[] = [];
  try {
    await loadReference(admin, data);
    const [token] = await issueTokens(admin, [{ role: 'committee', election: id, scope: 'nation', name: 'drill' }]);
    const env = { REDIS_URL: redisProc.url, ELECTION_ID: id };
    servers.push(await spawnServer(env), await spawnServer(env));

    // Reports: each area's count rises by one per report, a second later each time.
    const areas = data.areas.filter((a) => a.votingDate === data.election.date && a.registered.na > 50);
    const start = Date.parse(`${data.election.date}T07:00:00+07:00`);
    const voted = new Map<string, number>();
    const reports: Report[] = Array.from({ length: o.reports }, (_, i) => {
      const a = areas[i % areas.length]!;
      const v = Math.min((voted.get(a.id) ?? 0) + 1, a.registered.na);
      voted.set(a.id, v);
      return {
        idempotencyKey: `drill-kill-${i}`,
        pollingAreaId: a.id,
        voted: v,
        at: new Date(start + i * 1000).toISOString(),
      };
    });

    const per = o.perRequest ?? 25;
    // Four reporting streams (as from four committees) each own a quarter of the areas, so every area's reports
    // stay in order: a later count must not overtake an earlier one (that would be a stale report, 409).
    const WORKERS = 4;
    const streams: Report[][] = Array.from({ length: WORKERS }, () => []);
    const owner = new Map(areas.map((a, i) => [a.id, i % WORKERS]));
    for (const r of reports) streams[owner.get(r.pollingAreaId)!]!.push(r);
    const batches: Report[][][] = streams.map((st) => {
      const out: Report[][] = [];
      for (let b = 0; b < st.length; b += per) out.push(st.slice(b, b + per));
      return out;
    });
    const total = batches.reduce((x, w) => x + w.length, 0);
    let acknowledged = 0;
    let retried = 0;
    let done = 0;
    const killAt = Math.floor(total / 3);
    const kill = async () => {
      if (o.target === 'server') {
        log(`  kill -9 server pid ${servers[0]!.proc.pid} with requests in flight, after ${killAt} batches`);
        servers[0]!.proc.kill('SIGKILL');
      } else {
        log(`  kill -9 redis-server pid ${redisProc.proc.pid} with requests in flight; restart in 1 s`);
        await redisProc.kill('SIGKILL');
        setTimeout(() => void redisProc.restart(), 1000);
      }
    };
    const send = async (n: number, batch: Report[]) => {
      for (let attempt = 0; ; attempt++) {
        const server = servers[(n + attempt) % servers.length]!;
        const ok = await fetch(`${server.url}/api/v1/turnout/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ reports: batch }),
        }).then(
          async (r) => r.status === 200 && ((await r.json()) as { accepted: number }).accepted === batch.length,
          () => false,
        );
        if (ok) break;
        retried++;
        if (attempt > 200) throw new Error('the system did not recover within the drill');
        await new Promise((r) => setTimeout(r, 100));
      }
      acknowledged += batch.length;
    };
    // Four requests in flight at once, so the kill lands mid-request.
    await Promise.all(
      batches.map(async (own, w) => {
        for (const [i, batch] of own.entries()) {
          if (done++ === killAt) void kill();
          await send(w + i, batch);
        }
      }),
    );

    // Every acknowledged report once in its area's history; aggregates equal the replay.
    const { lost, duplicated } = await lostAndDuplicated(admin, id, reports);
    const verify = await verifyByReplay(admin, id);
    const nation = await admin.hGet(`ecc:{${id}}:agg:nation`, 'voted');
    const result: KillDrillResult = {
      sent: reports.length,
      acknowledged,
      retried,
      lost,
      duplicated,
      mismatches: verify.mismatches,
      votedStored: Number(nation),
      votedAcknowledged: [...voted.values()].reduce((s, v) => s + v, 0),
    };
    log(
      `  sent ${result.sent} · acknowledged ${result.acknowledged} · requests retried ${result.retried} · ` +
        `lost ${result.lost} · counted twice ${result.duplicated} · replay mismatches ${result.mismatches.length} · ` +
        `nation voted ${result.votedStored} (acknowledged ${result.votedAcknowledged})`,
    );
    return result;
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop('SIGKILL')));
    await admin.quit().catch(() => {});
    await redisProc.stop();
  }
}
