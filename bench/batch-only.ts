/**
 * `npm run bench:batch`: the batch stage of `npm run bench` alone, for working on its target (issue 2: 40,000
 * reports/s). The day's state first, as in the full bench (warm-up, 09:00 one by one, 09:30 ingest script
 * direct), then several national bursts through the batch endpoint, each with where its CPU went. Prints only:
 * the figures of record come from `npm run bench`.
 */
import { batches, describe, oneByOne, rawIngest } from './burst.js';
import { settleAof } from './aof.js';
import { cpuPerReport, cpuSnapshot, waitForQuiet } from './cpu.js';
import { Day } from './day.js';
import { TurnoutStore } from '../server/src/store/turnout.store.js';
import { ELECTION_ID, installCleanup, startStack } from './stack.js';
import type { Stack } from './stack.js';

const BATCH = { size: 1000, inFlight: 4 };
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${s}`);
installCleanup();

/** Calls per Redis command so far (commands called from scripts included). */
async function commandCalls(admin: Stack['admin']): Promise<Record<string, number>> {
  const stats = await admin.info('commandstats');
  return Object.fromEntries([...stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const stack = await startStack(log);
try {
  const { admin, data, nationToken, server } = stack;
  const day = new Day(data.areas, stack.teamTokens);
  const pids = { server: server.pid, redis: stack.redisProc.proc.pid! };
  log(
    `warm-up: ${describe(await oneByOne(server.url, day.teamReports('08:00', 0.1, 'warm').slice(0, 3000), { connections: 96 }))}`,
  );
  log(
    `09:00 one by one: ${describe(await oneByOne(server.url, day.teamReports('09:00', 0.3, 'r0900'), { connections: 96 }))}`,
  );
  const store = new TurnoutStore(admin);
  await store.load();
  const rawCpu = await cpuSnapshot(admin, pids);
  const raw = await rawIngest(store, ELECTION_ID, day.batchItems('09:30', 0.35, 'raw'), BATCH);
  log(`09:30 ingest script direct: ${Math.round(raw.perSecond)}/s`);
  log(`  ${cpuPerReport(rawCpu, await cpuSnapshot(admin, pids), raw.ok)}`);
  const bursts = (process.env.BURSTS ?? '10:00 0.4,11:00 0.5,12:00 0.6').split(',').map((s) => s.split(' '));
  for (const [hhmm, share] of bursts) {
    const aof = await settleAof(admin);
    if (aof) log(`  ${aof}`);
    const q = await waitForQuiet();
    const calls0 = await commandCalls(admin);
    const cpu0 = await cpuSnapshot(admin, pids);
    const r = await batches(server.url, nationToken, day.batchItems(hhmm!, Number(share), `b${hhmm}`), BATCH);
    log(`${hhmm} batch (${q.busyCores.toFixed(2)} cores busy before): ${describe(r)}`);
    log(`  ${cpuPerReport(cpu0, await cpuSnapshot(admin, pids), r.ok)}`);
    const after = await commandCalls(admin);
    const perRequest = Object.entries(after)
      .map(([cmd, calls]) => [cmd, (calls - (calls0[cmd] ?? 0)) / r.requests] as const)
      .filter(([, c]) => c > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([cmd, c]) => `${cmd} ${c.toFixed(1)}`);
    log(`  Redis commands per request: ${perRequest.join(', ')}`);
  }
} finally {
  await stack.stop();
}
