/**
 * An automatic AOF rewrite (a fork writing the whole data set) takes one of this machine's two cores for a few
 * seconds, and Redis grows it when the AOF has doubled since the last one: its timing follows the AOF's size, not
 * the load being measured. Before a measured burst the bench lets a running rewrite finish and, when the AOF is
 * past 1.5× its base (the automatic one comes at 2×), starts one itself, as an operator compacts the AOF before a
 * checkpoint. What it did goes into the notes.
 */
import type { Redis } from '../server/src/store/redis.js';

async function persistence(admin: Redis): Promise<Record<string, number>> {
  const text = await admin.info('persistence');
  return Object.fromEntries([...text.matchAll(/^(aof_\w+):(-?\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

async function rewriteDone(admin: Redis): Promise<void> {
  while ((await persistence(admin)).aof_rewrite_in_progress === 1) await new Promise((r) => setTimeout(r, 200));
}

export async function settleAof(admin: Redis): Promise<string> {
  const t0 = performance.now();
  const before = await persistence(admin);
  let did = '';
  if (before.aof_rewrite_in_progress === 1) {
    await rewriteDone(admin);
    did = 'waited for an automatic AOF rewrite';
  }
  const p = await persistence(admin);
  if (p.aof_base_size! > 0 && p.aof_current_size! > 1.5 * p.aof_base_size!) {
    await admin.bgRewriteAof();
    await new Promise((r) => setTimeout(r, 100));
    await rewriteDone(admin);
    const after = await persistence(admin);
    did = `${did ? `${did}, then ` : ''}rewrote the AOF (${Math.round(p.aof_current_size! / 2 ** 20)} MB → ${Math.round(after.aof_current_size! / 2 ** 20)} MB)`;
  }
  return did ? `${did} in ${((performance.now() - t0) / 1000).toFixed(1)} s` : '';
}
