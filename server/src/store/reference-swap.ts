import type { ReferenceData } from '@ecc/shared';
import { scanKeys } from '../ops/digest.js';
import { electionKeys, electionPrefix, GLOBAL_KEYS, stagingKeys } from './keys.js';
import type { Redis } from './redis.js';
import { loadReference } from './reference.store.js';
import { Script } from './scripts.js';

/** Kept through an import or a reset: the audit chain (history is never cleared) and candidates' photos. */
const KEEP = /:(audit|audit:head|photo:[^:]+)$/;

/** Redis glob special characters in a key prefix are escaped (the hash tag's braces are not special). */
const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

async function unlinkAll(redis: Redis, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 5000) await redis.unlink(keys.slice(i, i + 5000));
}

/**
 * Replaces an election's reference data and clears everything else it holds (reports, aggregates, logs), as one
 * atomic step: the new data is written under the staging prefix inside the election's hash tag, then one script
 * removes the old keys and renames the staged ones. A failure before the swap leaves the election as it was (and
 * the staging keys are removed); the registry entry and the content hash are written with the swap.
 * Keys written by a report arriving between the scan and the swap would survive it: imports run in draft, resets
 * of a drill with its reporters stopped.
 */
export async function replaceReference(redis: Redis, data: ReferenceData, contentHash: string): Promise<number> {
  const id = data.election.id;
  const S = stagingKeys(id);
  await unlinkAll(redis, await scanKeys(redis, `${glob(S.prefix)}*`));
  try {
    if (data.areas.length) await loadReference(redis, data, S, { registry: false });
    await redis.set(S.referenceHash, contentHash);
    const staged = await scanKeys(redis, `${glob(S.prefix)}*`);
    const old = (await scanKeys(redis, `${glob(electionPrefix(id))}*`)).filter(
      (k) => !k.startsWith(S.prefix) && !KEEP.test(k),
    );
    await new Script(redis, 'reference-swap').run([electionKeys(id).loaded], [old.join('\n'), staged.join('\n')]);
    await redis.hSet(GLOBAL_KEYS.elections, id, JSON.stringify(data.election));
    return staged.length;
  } catch (e) {
    await unlinkAll(redis, await scanKeys(redis, `${glob(S.prefix)}*`)).catch(() => {});
    throw e;
  }
}
