import { z } from 'zod';
import { getJson } from './api.js';

/** The support desk's read (`GET /api/v1/status`): server instances, Redis itself, silent reporters by province. */
const instanceSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  reportedAt: z.string(),
  ready: z.boolean(),
  sockets: z.number(),
  ingestRate: z.number(),
  lastSeq: z.record(z.string(), z.number()),
  lastPubsubAt: z.string().nullable(),
  rssBytes: z.number(),
  eventLoopLagMs: z.number(),
  lagBehind: z.number().nullable(),
});
export type InstanceStatus = z.infer<typeof instanceSchema>;

const redisSchema = z.object({
  version: z.string(),
  usedMemoryBytes: z.number(),
  maxMemoryBytes: z.number(),
  aofEnabled: z.boolean(),
  aofLastWriteStatus: z.string(),
  aofLastRewriteStatus: z.string(),
  aofDelayedFsync: z.number(),
  rdbLastSaveAt: z.number(),
  connectedClients: z.number(),
  opsPerSec: z.number(),
  uptimeSeconds: z.number(),
});
export type RedisStatus = z.infer<typeof redisSchema>;

export const systemStatusSchema = z.object({
  serverTime: z.string(),
  election: z.string(),
  nationSeq: z.number(),
  instances: z.array(instanceSchema),
  redis: redisSchema,
  silentByProvince: z.array(z.object({ code: z.string(), name: z.string(), silent: z.number() })),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

/** The status of every instance and of Redis; `election` null lets the server use its live election. */
export function fetchStatus(election: string | null, fetchFn: typeof fetch = fetch): Promise<SystemStatus> {
  return getJson(`/status${election ? `?${new URLSearchParams({ election })}` : ''}`, systemStatusSchema, fetchFn);
}
