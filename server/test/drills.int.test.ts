import { describe, expect, it } from 'vitest';
import { runKillDrill } from '../src/ops/kill-drill.js';
import { runOutageDrill } from '../src/ops/outage-drill.js';

// The short forms of `npm run drill:kill-server` and `drill:kill-redis`, on their own redis-server and processes.
describe('fault drills', () => {
  it.each(['server', 'redis'] as const)(
    'kill -9 of the %s during a burst: no acknowledged report lost, none counted twice, aggregates equal the replay',
    async (target) => {
      const r = await runKillDrill({ target, reports: 1200 });
      expect(r.acknowledged).toBe(r.sent);
      expect(r.retried).toBeGreaterThan(0); // the kill really hit requests
      expect(r.lost).toBe(0);
      expect(r.duplicated).toBe(0);
      expect(r.mismatches).toEqual([]);
      expect(r.votedStored).toBe(r.votedAcknowledged);
    },
    60_000,
  );
});

describe('outage drill (short form of npm run drill:outage)', () => {
  it('Redis down: fast 503s, the wall goes stale and recovers, queued reports drain once; a wall away converges', async () => {
    const r = await runOutageDrill({ downMs: 3000, queued: 200, awayUpdates: 3000 });
    expect(r.answers503).toBeGreaterThan(0);
    expect(r.slowest503Ms).toBeLessThan(2000);
    expect(r.wallWentStale).toBe(true);
    expect(r.queuedDrained).toBe(200);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.wallConverged).toBe(true);
    expect(r.mismatches).toEqual([]);
  }, 90_000);
});
