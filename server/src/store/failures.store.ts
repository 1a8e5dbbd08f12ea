import { GLOBAL_KEYS } from './keys.js';
import type { Redis } from './redis.js';

export type FailureKey = ['user' | 'ip', string];

/** Failed sign-ins before a lockout, per account name and per address. */
export const LOCK_AFTER = 10;
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
const FORGET_MS = 24 * 60 * 60_000;

/** Back-off: 1 min at the 10th failure, doubling with each further one, at most 1 h. */
export function lockMs(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER));
}

/**
 * Failure counters for the lockout. Counted by the name typed, whether or not the account exists, so a locked
 * name says nothing about existence.
 */
export class FailuresStore {
  constructor(private redis: Redis) {}

  /** The latest time any of the keys is locked until (0: none). */
  async lockedUntil(keys: FailureKey[]): Promise<number> {
    const v = await Promise.all(keys.map(([k, id]) => this.redis.hGet(GLOBAL_KEYS.failures(k, id), 'until')));
    return Math.max(0, ...v.map((x) => Number(x ?? 0)));
  }

  /** Counts one failure on each key; returns the lock time now in force (0 when none started). */
  async record(keys: FailureKey[], now: number): Promise<number> {
    let until = 0;
    for (const [k, id] of keys) {
      const key = GLOBAL_KEYS.failures(k, id);
      const n = await this.redis.hIncrBy(key, 'n', 1);
      const ms = lockMs(n);
      if (ms > 0) {
        await this.redis.hSet(key, 'until', String(now + ms));
        until = Math.max(until, now + ms);
      }
      await this.redis.pExpire(key, FORGET_MS);
    }
    return until;
  }

  async clear(keys: FailureKey[]): Promise<void> {
    await this.redis.del(keys.map(([k, id]) => GLOBAL_KEYS.failures(k, id)));
  }
}
