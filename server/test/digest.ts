import { digestMatching } from '../src/ops/digest.js';
import type { Redis } from '../src/store/redis.js';

/** A digest of every key in Redis. Equal digests before and after = nothing was written. */
export function redisDigest(redis: Redis): Promise<string> {
  return digestMatching(redis, '*');
}

/** Audit chains (`…audit`, `…audit:head`) and lockout counters: a denial appends there and nowhere else. */
const BOOKKEEPING = /(^|:)audit(:head)?$|^ecc:failures:/;

/** A digest of everything but the audit chains: equal before and after a denial = the denial wrote no data. */
export function dataDigest(redis: Redis): Promise<string> {
  return digestMatching(redis, '*', (k) => BOOKKEEPING.test(k));
}

/** One election's data (its audit chain excluded): other suites write to the same Redis concurrently. */
export function electionDigest(redis: Redis, electionId: string): Promise<string> {
  return digestMatching(redis, `ecc:{${electionId}}:*`, (k) => BOOKKEEPING.test(k));
}
