/**
 * Fault drills: `kill -9` of a server process, or of redis-server (restarted on its data), during a burst while
 * the reporting client retries with its idempotency keys. Prints its counts; exit 0 only with 0 lost, 0 counted
 * twice and aggregates equal to the replay.
 *   npm run drill:kill-server [-- --reports 20000 --national]
 *   npm run drill:kill-redis  [-- --reports 20000 --national]
 */
import { parseArgs } from 'node:util';
import { runKillDrill } from '../ops/kill-drill.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'server' },
    reports: { type: 'string', default: '3000' },
    national: { type: 'boolean', default: false },
  },
});
const target = values.target === 'redis' ? 'redis' : 'server';
runKillDrill({ target, reports: Number(values.reports), national: values.national, log: console.log }).then(
  (r) => {
    const ok = r.lost === 0 && r.duplicated === 0 && r.mismatches.length === 0 && r.votedStored === r.votedAcknowledged;
    console.log(ok ? '  drill passed' : '  DRILL FAILED');
    process.exit(ok ? 0 : 2);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
