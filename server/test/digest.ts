import { digestMatching } from '../src/ops/digest.js';
import type { Redis } from '../src/store/redis.js';

/** A digest of every key in Redis. Equal digests before and after = nothing was written. */
export function redisDigest(redis: Redis): Promise<string> {
  return digestMatching(redis, '*');
}
