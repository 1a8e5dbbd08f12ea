import { verifyChain } from '../ops/audit-verify.js';
import { auditKeys } from '../store/audit.store.js';
import { GLOBAL_KEYS } from '../store/keys.js';
import { createRedis } from '../store/redis.js';

/**
 * `npm run audit:verify [electionId…]`: checks the global audit chain and every registered election's (or the
 * named ones). Exits 1 when any entry was altered, inserted or removed outside the scripts.
 */
async function main() {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 10_000, 'ecc-audit-verify');
  await redis.connect();
  try {
    const named = process.argv.slice(2);
    const elections = named.length ? named : await redis.hKeys(GLOBAL_KEYS.elections);
    let bad = 0;
    for (const id of [undefined, ...elections]) {
      const { stream, head } = auditKeys(id);
      const r = await verifyChain(redis, stream, head);
      bad += r.problems.length;
      console.log(`${r.problems.length ? 'TAMPERED' : 'ok'}\t${r.stream}\t${r.entries} entries`);
      for (const p of r.problems) console.log(`\t${JSON.stringify(p)}`);
    }
    process.exitCode = bad ? 1 : 0;
  } finally {
    await redis.quit();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
