import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ReportFeed } from './feed.js';
import { post, atLocal, redisClient, seedElection, startApp } from './helpers.js';
import { startRedis } from './redis-server.js';
import { backupElection, restoreElection } from '../src/ops/backup.js';
import { digestMatching } from '../src/ops/digest.js';
import { verifyByReplay } from '../src/ops/verify.js';
import { electionKeys } from '../src/store/keys.js';
import { deleteElection } from '../src/store/reference.store.js';
import { findPrincipal } from '../src/store/tokens.store.js';

describe('backup and restore of one election', () => {
  it('backup → wipe → restore gives the same digest, and the event log replays to the same aggregates', async () => {
    const redis = await redisClient(inject('redisUrl'));
    const seed = await seedElection(redis);
    const id = seed.data.election.id;
    const app = await startApp(inject('redisUrl'), { ELECTION_ID: id });
    const dir = mkdtempSync(join(tmpdir(), 'ecc-backup-'));
    const fresh = await startRedis();
    const target = await redisClient(fresh.url);
    try {
      await new ReportFeed(seed, 'bk').send(app.url, 300);
      const a = seed.data.areas[0]!;
      const c = await post(
        app.url,
        '/api/v1/turnout/corrections',
        seed.teamTokens.get(a.id)!,
        { pollingAreaId: a.id, voted: 0, at: atLocal(a.votingDate, '20:00'), reason: 'Kiểm tra lại: chưa có cử tri' },
        'bk-corr-0001',
      );
      expect(c.status).toBe(201);
      const before = await verifyByReplay(redis, id);
      expect(before.mismatches).toEqual([]);
      expect(before.events).toBe(301);

      const file = join(dir, 'e.eccbak.gz');
      const m = await backupElection(redis, id, file);
      expect(m.digest).toBe(await digestMatching(redis, `${electionKeys(id).prefix}*`));
      expect(Object.keys(m.tokens)).toHaveLength(seed.data.areas.length + seed.data.provinces.length + 1);

      // Restore into a clean Redis…
      const r1 = await restoreElection(target, file);
      expect(r1.digestMatches).toBe(true);
      expect((await verifyByReplay(target, id)).mismatches).toEqual([]);
      // …and into the original after wiping the election.
      await deleteElection(redis, id);
      expect(await digestMatching(redis, `${electionKeys(id).prefix}*`)).not.toBe(m.digest);
      // Deleting an election also revokes its device tokens; the restore brings them back.
      const token = seed.teamTokens.get(seed.data.areas[0]!.id)!;
      expect(await findPrincipal(redis, token)).toBeNull();
      const r2 = await restoreElection(redis, file);
      expect(r2.digest).toBe(m.digest);
      expect(await findPrincipal(redis, token)).not.toBeNull();
      await expect(restoreElection(redis, file)).rejects.toThrow(/already has/);

      // Data changed behind the system's back is caught by the digest and by the replay.
      await target.hIncrBy(electionKeys(id).agg('nation'), 'voted', 1);
      expect(await digestMatching(target, `${electionKeys(id).prefix}*`)).not.toBe(m.digest);
      expect((await verifyByReplay(target, id)).mismatches).toEqual([expect.stringMatching(/^nation\.voted: stored/)]);
    } finally {
      await app.stop();
      await redis.quit();
      await target.quit();
      await fresh.stop();
    }
  });
});
