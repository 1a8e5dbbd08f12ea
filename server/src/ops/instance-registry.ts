import type { Redis } from '../store/redis.js';

export interface InstanceReport {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  reportedAt: string;
  ready: boolean;
  sockets: number;
  /** Reports accepted by this instance per second, over the last interval. */
  ingestRate: number;
  /** Latest nation sequence this instance saw on the update channel, per election. */
  lastSeq: Record<string, number>;
  lastPubsubAt: string | null;
  rssBytes: number;
  eventLoopLagMs: number;
}

const KEY = (id: string) => `ecc:instance:${id}`;
const TTL_S = 15;

/** Each server instance writes its own status every few seconds; a dead one disappears when its key expires. */
export async function publishInstance(redis: Redis, r: InstanceReport): Promise<void> {
  await redis.set(KEY(r.id), JSON.stringify(r), { EX: TTL_S });
}

export async function listInstances(redis: Redis): Promise<InstanceReport[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: 'ecc:instance:*', COUNT: 1000 })) keys.push(...batch);
  if (!keys.length) return [];
  const values = await redis.mGet(keys);
  return values
    .filter((v): v is string => v !== null)
    .map((v) => JSON.parse(v) as InstanceReport)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** What the support desk needs from Redis itself: memory, persistence and whether the last fsync/rewrite worked. */
export async function redisStatus(redis: Redis) {
  const info = await redis.info();
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
  return {
    version: field('redis_version'),
    usedMemoryBytes: Number(field('used_memory')),
    maxMemoryBytes: Number(field('maxmemory')),
    aofEnabled: field('aof_enabled') === '1',
    aofLastWriteStatus: field('aof_last_write_status'),
    aofLastRewriteStatus: field('aof_last_bgrewrite_status'),
    aofDelayedFsync: Number(field('aof_delayed_fsync') || 0),
    rdbLastSaveAt: Number(field('rdb_last_save_time')) * 1000,
    connectedClients: Number(field('connected_clients')),
    opsPerSec: Number(field('instantaneous_ops_per_sec')),
    uptimeSeconds: Number(field('uptime_in_seconds')),
  };
}
