/**
 * `npm run bench:ingest`: what one turnout report costs inside Redis when the ingest script is called directly in
 * batches of 1,000 (the batch endpoint's shape), on the national data set. Redis's own CPU time per report
 * (commandstats `usec` of EVALSHA) is the figure: it barely moves when other work shares the machine, unlike
 * wall-clock throughput, so it is what changes to ingest.lua are judged by. Prints; writes nothing.
 */
import { generateNational } from '@ecc/fixtures';
import { startRedis } from '../server/test/redis-server.js';
import { GLOBAL_KEYS } from '../server/src/store/keys.js';
import { loadReference } from '../server/src/store/reference.store.js';
import { createRedis } from '../server/src/store/redis.js';
import { TurnoutStore } from '../server/src/store/turnout.store.js';
import { rawIngest } from './burst.js';
import { Day } from './day.js';

const redisProc = await startRedis({ appendfsync: 'always' });
const redis = createRedis(redisProc.url, 30_000, 'bench-ingest');
await redis.connect();
const subs: (typeof redis)[] = [];
try {
  const data = generateNational();
  await loadReference(redis, data);
  const store = new TurnoutStore(redis);
  await store.load();
  const day = new Day(data.areas, []);
  // Server instances subscribe to the updates channel: PUBLISH then copies each batch's notes to each of them.
  const subscribers = Number(process.env.SUBSCRIBERS ?? 1);
  for (let i = 0; i < subscribers; i++) {
    const sub = redis.duplicate();
    await sub.connect();
    await sub.pSubscribe(GLOBAL_KEYS.updatesPattern, () => {});
    subs.push(sub);
  }
  const evalUsec = async () => {
    const line = /^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m.exec(await redis.info('commandstats'));
    // Redis's own CPU time (getrusage) besides the wall time inside the script: a busy machine preempts Redis
    // in the middle of a script, which inflates `usec` but not the CPU time.
    const cpu = await redis.info('cpu');
    const t = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
    const persistence = await redis.info('persistence');
    const rewrites = Number(/^aof_rewrites:(\d+)/m.exec(persistence)?.[1] ?? 0);
    return {
      calls: Number(line?.[1] ?? 0),
      usec: Number(line?.[2] ?? 0),
      cpu: t('used_cpu_user') + t('used_cpu_sys'),
      sys: t('used_cpu_sys'),
      rewrites,
    };
  };
  for (const [hhmm, share] of [
    ['09:00', 0.3],
    ['10:00', 0.4],
    ['11:00', 0.5],
    ['12:00', 0.6],
  ] as const) {
    const before = await evalUsec();
    const r = await rawIngest(store, data.election.id, day.batchItems(hhmm, share, `c${hhmm}`), {
      size: 1000,
      inFlight: 4,
    });
    const after = await evalUsec();
    const us = (after.usec - before.usec) / r.ok;
    const cpuUs = ((after.cpu - before.cpu) * 1e6) / r.ok;
    console.log(
      `${hhmm}: ${r.ok} reports in ${r.seconds.toFixed(2)} s (${Math.round(r.perSecond)}/s), ` +
        `Redis ${us.toFixed(1)} µs/report inside the script, ${cpuUs.toFixed(1)} µs/report of Redis CPU ` +
        `(system ${(((after.sys - before.sys) * 1e6) / r.ok).toFixed(1)}), AOF rewrites ${after.rewrites - before.rewrites}`,
    );
  }
  const mem = /used_memory:(\d+)/.exec(await redis.info('memory'));
  console.log(`used_memory ${(Number(mem?.[1]) / 2 ** 20).toFixed(0)} MB`);
} finally {
  for (const sub of subs) await sub.close().catch(() => {});
  await redis.close().catch(() => {});
  await redisProc.stop();
}
