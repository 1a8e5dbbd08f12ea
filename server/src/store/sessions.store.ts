import { createHash, randomBytes } from 'node:crypto';
import { GLOBAL_KEYS } from './keys.js';
import type { Redis } from './redis.js';

export interface Session {
  username: string;
  csrf: string;
  createdAt: number;
  lastAt: number;
}

const idHash = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Sessions in Redis, keyed by the SHA-256 of the cookie value (a copy of Redis does not hand out sessions).
 * Expiry is decided by the service with its clock; the key's TTL only collects what nobody uses any more.
 */
export class SessionsStore {
  constructor(private redis: Redis) {}

  async create(username: string, now: number, ttlMs: number): Promise<{ id: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const key = GLOBAL_KEYS.session(idHash(id));
    await this.redis
      .multi()
      .hSet(key, { user: username, csrf, created: String(now), last: String(now) })
      .pExpire(key, ttlMs)
      .sAdd(GLOBAL_KEYS.accountSessions(username), idHash(id))
      .exec();
    return { id, csrf };
  }

  async get(id: string): Promise<Session | null> {
    const h = await this.redis.hGetAll(GLOBAL_KEYS.session(idHash(id)));
    if (!h.user || !h.csrf) return null;
    return { username: h.user, csrf: h.csrf, createdAt: Number(h.created), lastAt: Number(h.last) };
  }

  async touch(id: string, now: number, ttlMs: number): Promise<void> {
    const key = GLOBAL_KEYS.session(idHash(id));
    await this.redis.multi().hSet(key, 'last', String(now)).pExpire(key, Math.max(1, ttlMs)).exec();
  }

  async delete(id: string, username?: string): Promise<void> {
    await this.redis.del(GLOBAL_KEYS.session(idHash(id)));
    if (username) await this.redis.sRem(GLOBAL_KEYS.accountSessions(username), idHash(id));
  }

  /** Ends every session of an account (revocation, password change). */
  async deleteAll(username: string): Promise<void> {
    const set = GLOBAL_KEYS.accountSessions(username);
    const hashes = await this.redis.sMembers(set);
    if (hashes.length) await this.redis.del(hashes.map((h) => GLOBAL_KEYS.session(h)));
    await this.redis.del(set);
  }
}
