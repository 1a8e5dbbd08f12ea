import type { InstanceStatus, RedisStatus } from '../live/status-api.js';

/**
 * How the support desk reads the status numbers: pure rules, so the page only prints them.
 * `ready`/`notReady` is what the instance last said of itself; `stale` means it stopped saying anything (its
 * last report is older than INSTANCE_STALE_MS); `missing` means its report is gone from Redis altogether (the
 * key expired) while this page had seen it before.
 */
export type Health = 'ready' | 'notReady' | 'stale' | 'missing';
/** Instances report every 2 s; three missed reports and more is trouble. */
export const INSTANCE_STALE_MS = 10_000;
/** How long an instance that vanished stays listed as missing. */
export const MISSING_KEEP_MS = 10 * 60_000;

export type Level = 'ok' | 'warn' | 'bad';

export function instanceHealth(i: Pick<InstanceStatus, 'ready' | 'reportedAt'>, nowMs: number): Health {
  const at = Date.parse(i.reportedAt);
  if (!Number.isFinite(at) || nowMs - at > INSTANCE_STALE_MS) return 'stale';
  return i.ready ? 'ready' : 'notReady';
}

export interface ShownInstance {
  instance: InstanceStatus;
  health: Health;
  /** When this page last saw the instance in a status answer (epoch ms, the server's clock). */
  seenAt: number;
}

/**
 * The instances to list: every one in the latest answer (judged against the server's clock, so a desk PC with a
 * wrong clock cannot turn them stale) and, for MISSING_KEEP_MS, every one seen earlier that is no longer there.
 */
export function mergeInstances(
  previous: readonly ShownInstance[],
  current: readonly InstanceStatus[],
  serverNowMs: number,
): ShownInstance[] {
  const ids = new Set(current.map((i) => i.id));
  const now = current.map((instance) => ({
    instance,
    health: instanceHealth(instance, serverNowMs),
    seenAt: serverNowMs,
  }));
  const gone = previous
    .filter((p) => !ids.has(p.instance.id) && serverNowMs - p.seenAt <= MISSING_KEEP_MS)
    .map((p) => ({ ...p, health: 'missing' as const }));
  return [...now, ...gone].sort((a, b) => a.instance.id.localeCompare(b.instance.id));
}

/** Redis's own status words: anything but "ok" (e.g. "err") is a failed write or rewrite. */
export const statusLevel = (s: string): Level => (s === 'ok' ? 'ok' : 'bad');

export interface PersistenceCheck {
  key: 'aof' | 'aofWrite' | 'aofRewrite' | 'delayedFsync';
  level: Level;
}

/** The persistence rows: AOF must be on, its last write and rewrite "ok", and no fsync delayed. */
export function persistenceChecks(r: RedisStatus): PersistenceCheck[] {
  return [
    { key: 'aof', level: r.aofEnabled ? 'ok' : 'bad' },
    { key: 'aofWrite', level: statusLevel(r.aofLastWriteStatus) },
    { key: 'aofRewrite', level: statusLevel(r.aofLastRewriteStatus) },
    { key: 'delayedFsync', level: r.aofDelayedFsync > 0 ? 'bad' : 'ok' },
  ];
}

/** Used memory against maxmemory: warn from 80 %, bad from 90 %; no limit set (0) is never flagged. */
export function memoryLevel(usedBytes: number, maxBytes: number): Level {
  if (maxBytes <= 0) return 'ok';
  const share = usedBytes / maxBytes;
  return share >= 0.9 ? 'bad' : share >= 0.8 ? 'warn' : 'ok';
}

/** Event-loop lag (p99 over the last interval): a loop held for 100 ms delays every socket. */
export function loopLagLevel(ms: number): Level {
  return ms >= 500 ? 'bad' : ms >= 100 ? 'warn' : 'ok';
}

/** Events behind the nation's latest seq: one in flight is normal, more means the instance fell behind. */
export function seqLagLevel(behind: number): Level {
  return behind > 50 ? 'bad' : behind > 1 ? 'warn' : 'ok';
}

/** Provinces with silent reporters first, most silent first, ties by code; the server's order is not relied on. */
export function sortSilent<T extends { code: string; silent: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.silent - a.silent || a.code.localeCompare(b.code));
}

/** Bytes as mebibytes, for RSS and Redis memory. */
export const toMb = (bytes: number): number => Math.round(bytes / (1024 * 1024));

/** The instance's latest seq for `election`, or null when it has seen none. */
export function lastSeqOf(i: InstanceStatus, election: string): number | null {
  return i.lastSeq[election] ?? null;
}

/**
 * Events the instance is behind the nation's seq, or null while it has seen no update of `election` at all: an
 * instance started after the last report has nothing to compare (the server then reports the whole seq as lag),
 * and its readiness already says whether it is subscribed.
 */
export function seqLag(i: InstanceStatus, election: string): number | null {
  return lastSeqOf(i, election) === null ? null : i.lagBehind;
}

/** Uptime as whole days and "HH:MM:SS": 93_784 s → { days: 1, hms: "02:03:04" }. */
export function splitUptime(seconds: number): { days: number; hms: string } {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const r = s % 86_400;
  return { days, hms: `${pad(Math.floor(r / 3600))}:${pad(Math.floor((r % 3600) / 60))}:${pad(r % 60)}` };
}
