/**
 * Outage drills: Redis down (default 30 s) while a wall watches and a client reports, then a wall away during
 * 10,000 updates. Prints its counts; exit 0 only when every answer during the outage was a fast 503, the wall
 * went stale and recovered, the queued reports drained exactly once and the aggregates equal the replay.
 *   npm run drill:outage [-- --down 30 --away 10000]
 */
import { parseArgs } from 'node:util';
import { runOutageDrill } from '../ops/outage-drill.js';

const { values } = parseArgs({
  options: { down: { type: 'string', default: '30' }, away: { type: 'string', default: '10000' } },
});
runOutageDrill({
  downMs: Number(values.down) * 1000,
  queued: 400,
  awayUpdates: Number(values.away),
  log: console.log,
}).then(
  (r) => {
    const ok =
      r.slowest503Ms < 2000 &&
      r.answers503 > 0 &&
      r.wallWentStale &&
      r.lost === 0 &&
      r.duplicated === 0 &&
      r.wallConverged &&
      r.mismatches.length === 0;
    console.log(ok ? '  drill passed' : '  DRILL FAILED');
    process.exit(ok ? 0 : 2);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
