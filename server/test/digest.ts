import { createHash } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { Redis } from '../src/store/redis.js';

/** A digest of every key in Redis: name, TTL and serialized value. Equal digests = nothing was written. */
export async function redisDigest(redis: Redis): Promise<string> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ COUNT: 1000 })) keys.push(...batch);
  keys.sort();
  const binary = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const h = createHash('sha256');
  for (const k of keys) {
    const dump = (await binary.dump(k)) as unknown as Buffer | null;
    h.update(k).update('\0').update(String(await redis.pTTL(k))).update('\0');
    if (dump) h.update(dump);
  }
  return h.digest('hex');
}
