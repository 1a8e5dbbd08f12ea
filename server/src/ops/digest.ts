import { createHash } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { Redis } from '../store/redis.js';
import { Script } from '../store/scripts.js';

export async function scanKeys(redis: Redis, match = '*'): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 5000 })) keys.push(...batch);
  return keys.sort();
}

/** DUMP of many keys, pipelined (node-redis sends the commands issued in one tick together). */
export async function dumpKeys(redis: Redis, keys: string[]): Promise<(Buffer | null)[]> {
  const binary = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const out: (Buffer | null)[] = [];
  for (let i = 0; i < keys.length; i += 2000) {
    const chunk = await Promise.all(
      keys.slice(i, i + 2000).map((k) => binary.dump(k) as unknown as Promise<Buffer | null>),
    );
    out.push(...chunk);
  }
  return out;
}

/**
 * A digest of keys: each key's name, type and value in a canonical order (DUMP bytes are not canonical: a hash or
 * set in hashtable encoding serialises in bucket order, which differs after RESTORE). Computed inside Redis in
 * chunks (scripts/digest.lua). Two servers holding the same data give the same digest; equal digests before and
 * after a request prove it wrote nothing.
 */
export async function digestMatching(
  redis: Redis,
  match = '*',
  exclude: (key: string) => boolean = () => false,
): Promise<string> {
  const keys = (await scanKeys(redis, match)).filter((k) => !exclude(k));
  const script = new Script(redis, 'digest');
  const h = createHash('sha256');
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += 500) chunks.push(keys.slice(i, i + 500));
  const sums = await Promise.all(chunks.map((c) => script.run(c, [])));
  for (const s of sums) h.update(String(s)).update('\n');
  return h.digest('hex');
}
