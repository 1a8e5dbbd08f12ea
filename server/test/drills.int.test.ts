import { describe, expect, it } from 'vitest';
import { runKillDrill } from '../src/ops/kill-drill.js';

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
