/**
 * Backup, restore and verification of one election.
 *   npm run backup -- --election qh16-2026 [--out data/backups/FILE.eccbak.gz]
 *   npm run restore -- --file data/backups/FILE.eccbak.gz      (into REDIS_URL, where the election must not exist)
 *   npm run verify -- --election qh16-2026                     (replay the event log, compare aggregates)
 * Exit code 0 only when the digest matches and the replay equals the stored aggregates.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupElection, restoreElection } from '../ops/backup.js';
import { verifyByReplay } from '../ops/verify.js';
import { verifyCountingByReplay } from '../ops/counting-verify.js';
import type { VerifyResult } from '../ops/verify.js';
import { createRedis } from '../store/redis.js';

function printVerify(v: VerifyResult): boolean {
  console.log(
    `  replayed ${v.events} events over ${v.areas} areas into ${v.scopes} scopes: ${v.mismatches.length} mismatches`,
  );
  for (const m of v.mismatches.slice(0, 20)) console.log(`    ${m}`);
  return v.mismatches.length === 0;
}

/** Counting records (issue 5) replayed from their histories, compared with every counting total. */
async function verifyCounting(redis: ReturnType<typeof createRedis>, election: string): Promise<boolean> {
  const c = await verifyCountingByReplay(redis, election);
  console.log(
    `  replayed ${c.events} counting events over ${c.records} records into ${c.scopes} scopes: ${c.mismatches.length} mismatches`,
  );
  for (const m of c.mismatches.slice(0, 20)) console.log(`    ${m}`);
  return c.mismatches.length === 0;
}

async function main() {
  const [command] = process.argv.slice(2, 3);
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { election: { type: 'string', default: 'qh16-2026' }, out: { type: 'string' }, file: { type: 'string' } },
  });
  const redis = createRedis(loadConfig().REDIS_URL, 60_000, 'ecc-backup');
  await redis.connect();
  try {
    if (command === 'backup') {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = resolve(values.out ?? `data/backups/${values.election}-${stamp}.eccbak.gz`);
      mkdirSync(dirname(file), { recursive: true });
      const t0 = Date.now();
      const m = await backupElection(redis, values.election, file);
      console.log(
        `  backed up ${m.keys} keys of ${m.election} in ${Date.now() - t0} ms → ${file}\n  digest ${m.digest}`,
      );
      return 0;
    }
    if (command === 'restore') {
      if (!values.file) throw new Error('--file is required');
      const r = await restoreElection(redis, resolve(values.file));
      console.log(
        `  restored ${r.restored} keys of ${r.manifest.election}; digest ${r.digestMatches ? 'matches' : 'DIFFERS'} (${r.digest})`,
      );
      const ok = printVerify(await verifyByReplay(redis, r.manifest.election));
      const counted = await verifyCounting(redis, r.manifest.election);
      return r.digestMatches && ok && counted ? 0 : 2;
    }
    if (command === 'verify') {
      const ok = printVerify(await verifyByReplay(redis, values.election));
      return ok && (await verifyCounting(redis, values.election)) ? 0 : 2;
    }
    throw new Error('usage: backup.ts backup|restore|verify [--election ID] [--out FILE] [--file FILE]');
  } finally {
    await redis.quit();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
