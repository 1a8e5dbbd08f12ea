import type { Redis } from './redis.js';

export interface PersistenceStatus {
  appendonly: string;
  appendfsync: string;
  durable: boolean;
}

/** Acknowledged reports must survive a crash: AOF on, fsync on every write (§ durability in the backbone issue). */
export async function checkPersistence(redis: Redis): Promise<PersistenceStatus> {
  const [ao, fs] = await Promise.all([redis.configGet('appendonly'), redis.configGet('appendfsync')]);
  const appendonly = ao.appendonly ?? '';
  const appendfsync = fs.appendfsync ?? '';
  return { appendonly, appendfsync, durable: appendonly === 'yes' && appendfsync === 'always' };
}
