/**
 * Backup drill, end to end on real processes: a Redis with an election and a day of reports, a backup, a wipe
 * (a brand-new Redis), a restore, and the checks: digest equal, event-log replay equal to the aggregates.
 *   npm run drill:backup [-- --national]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateNational, generateSmall } from '@ecc/fixtures';
import { backupElection, restoreElection } from '../ops/backup.js';
import { startRedis } from '../ops/redis-process.js';
import { verifyByReplay } from '../ops/verify.js';
import { loadReference } from '../store/reference.store.js';
import { createRedis } from '../store/redis.js';
import { TurnoutStore } from '../store/turnout.store.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { national: { type: 'boolean', default: false } } });
  const id = 'drill-backup';
  const data = (values.national ? generateNational : generateSmall)({
    election: { id, kind: 'drill', mode: 'simulation' },
  });
  const source = await startRedis();
  const target = await startRedis();
  const a = createRedis(source.url, 60_000, 'drill-a');
  const b = createRedis(target.url, 60_000, 'drill-b');
  await Promise.all([a.connect(), b.connect()]);
  try {
    await loadReference(a, data);
    const store = new TurnoutStore(a);
    const day = data.election.date;
    let sent = 0;
    // Three rounds of reports for every election-day area, as on the day (09:00, 13:00, 17:00), in batches.
    const areas = data.areas.filter((x) => x.votingDate === day);
    for (const [round, time] of ['09:00', '13:00', '17:00'].entries()) {
      const atMs = Date.parse(`${day}T${time}:00+07:00`);
      for (let j = 0; j < areas.length; j += 1000) {
        const items = areas.slice(j, j + 1000).map((x) => ({
          areaId: x.id,
          voted: Math.floor((x.registered.na * (round + 1)) / 3),
          atMs,
          atIso: new Date(atMs).toISOString(),
          idempotencyKey: `drill-${round}`,
          bodyHash: `h${round}`,
          kind: 'report' as const,
          reason: '',
          requestId: '',
          reporter: 'drill',
          role: 'national-council',
          ip: '',
        }));
        sent += items.length;
        await store.ingest({
          electionId: id,
          nowMs: Date.now(),
          maxFutureMs: null,
          logMaxLen: 5000,
          bucketMs: 600_000,
          items,
        });
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'ecc-drill-')), 'backup.eccbak.gz');
    const t0 = Date.now();
    const m = await backupElection(a, id, file);
    const t1 = Date.now();
    const r = await restoreElection(b, file);
    const t2 = Date.now();
    const v = await verifyByReplay(b, id);
    console.log(`  reports ingested        ${sent}`);
    console.log(`  keys backed up          ${m.keys} in ${t1 - t0} ms`);
    console.log(`  keys restored           ${r.restored} in ${t2 - t1} ms into a new Redis`);
    console.log(`  digest                  ${r.digestMatches ? 'equal' : 'DIFFERENT'} (${m.digest.slice(0, 16)}…)`);
    console.log(`  event-log replay        ${v.events} events, ${v.scopes} scopes, ${v.mismatches.length} mismatches`);
    return r.digestMatches && v.mismatches.length === 0 ? 0 : 2;
  } finally {
    await Promise.allSettled([a.quit(), b.quit()]);
    await Promise.all([source.stop(), target.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
