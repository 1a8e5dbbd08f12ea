import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGzip, createGunzip } from 'node:zlib';
import { electionKeys, GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { parsePrincipal } from '@ecc/shared';
import { digestMatching, dumpKeys, scanKeys } from './digest.js';

export const BACKUP_FORMAT = 'ecc-election-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  election: string;
  createdAt: string;
  keys: number;
  digest: string;
  registry: string | null;
  tokens: Record<string, string>;
}

/** Longest write pause we accept for a consistent copy; beyond it the backup fails rather than stall ingest. */
const MAX_PAUSE_MS = 30_000;

/**
 * Exports one election (every key under its hash-tag prefix, its registry entry and its reporter tokens) to a
 * gzipped NDJSON file: a manifest line, then one line per key with its DUMP. Writes are paused (`CLIENT PAUSE
 * WRITE`; reads go on) while the keys are read, so the copy is one instant of the election: reporters meanwhile
 * wait, or get 503 and retry with their idempotency keys.
 */
export async function backupElection(redis: Redis, electionId: string, file: string): Promise<BackupManifest> {
  const K = electionKeys(electionId);
  const t0 = Date.now();
  await redis.sendCommand(['CLIENT', 'PAUSE', String(MAX_PAUSE_MS), 'WRITE']);
  let keys: string[];
  let dumps: (Buffer | null)[];
  let registry: string | null;
  let digest: string;
  const tokens: Record<string, string> = {};
  try {
    keys = await scanKeys(redis, `${K.prefix}*`);
    dumps = await dumpKeys(redis, keys);
    digest = await digestMatching(redis, `${K.prefix}*`);
    registry = (await redis.hGet(GLOBAL_KEYS.elections, electionId)) ?? null;
    for await (const entries of redis.hScanIterator(GLOBAL_KEYS.tokens, { COUNT: 5000 })) {
      for (const { field, value } of entries) {
        if (parsePrincipal(JSON.parse(value))?.election === electionId) tokens[field] = value;
      }
    }
  } finally {
    await redis.sendCommand(['CLIENT', 'UNPAUSE']);
  }
  if (Date.now() - t0 > MAX_PAUSE_MS)
    throw new Error('backup took longer than the write pause; copy may be inconsistent');
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    election: electionId,
    createdAt: new Date().toISOString(),
    keys: keys.length,
    digest,
    registry,
    tokens,
  };
  const gz = createGzip();
  const out = gz.pipe(createWriteStream(file, { mode: 0o600 }));
  const write = async (line: string) => {
    if (!gz.write(line + '\n')) await once(gz, 'drain');
  };
  await write(JSON.stringify(manifest));
  for (let i = 0; i < keys.length; i++)
    await write(JSON.stringify({ k: keys[i], v: dumps[i]?.toString('base64') ?? null }));
  gz.end();
  await once(out, 'finish');
  return manifest;
}

export interface RestoreResult {
  manifest: BackupManifest;
  restored: number;
  digest: string;
  digestMatches: boolean;
}

/**
 * Restores a backup into a Redis where that election does not exist (a clean server, or after the election was
 * deleted), then recomputes the digest from what Redis now holds and compares it with the manifest's.
 */
export async function restoreElection(redis: Redis, file: string): Promise<RestoreResult> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let manifest: BackupManifest | null = null;
  let restored = 0;
  let pending: Promise<unknown>[] = [];
  for await (const line of lines) {
    if (!manifest) {
      manifest = JSON.parse(line) as BackupManifest;
      if (manifest.format !== BACKUP_FORMAT) throw new Error(`not an election backup (${manifest.format})`);
      const existing = await scanKeys(redis, `${electionKeys(manifest.election).prefix}*`);
      if (existing.length) throw new Error(`election ${manifest.election} already has ${existing.length} keys here`);
      continue;
    }
    const { k, v } = JSON.parse(line) as { k: string; v: string | null };
    if (v === null) continue;
    pending.push(redis.restore(k, 0, Buffer.from(v, 'base64')));
    restored++;
    if (pending.length >= 2000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  if (!manifest) throw new Error('empty backup file');
  if (manifest.registry) await redis.hSet(GLOBAL_KEYS.elections, manifest.election, manifest.registry);
  if (Object.keys(manifest.tokens).length) await redis.hSet(GLOBAL_KEYS.tokens, manifest.tokens);
  const digest = await digestMatching(redis, `${electionKeys(manifest.election).prefix}*`);
  return { manifest, restored, digest, digestMatches: digest === manifest.digest };
}
