/**
 * The system under test, started the way production runs it: a fresh redis-server (AOF, appendfsync always) in a
 * temp dir, the national reference data, reporter tokens, and the real server as its own Node process (so its CPU
 * and memory are its own, and its RSS can be read from /proc). Every process started here is tracked and killed on
 * exit, Ctrl-C or failure.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReferenceData } from '@ecc/shared';
import { generateNational } from '@ecc/fixtures';
import { startRedis } from '../server/test/redis-server.js';
import type { RedisProcess } from '../server/test/redis-server.js';
import { loadReference } from '../server/src/store/reference.store.js';
import { createRedis } from '../server/src/store/redis.js';
import type { Redis } from '../server/src/store/redis.js';
import { issueTokens } from '../server/src/store/tokens.store.js';
import type { LegacyPrincipal } from '@ecc/shared';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ELECTION_ID = 'bench-2026';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

/** Last-resort cleanup: synchronous, so it also runs from process.on('exit'). */
export function killAllNow(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

/** Ctrl-C, kill or a crash must not leave redis-server or a server child behind. */
export function installCleanup(): void {
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping every process the bench started`);
      killAllNow();
      process.exit(130);
    });
  }
}

function track(c: ChildProcess): void {
  children.add(c);
  c.once('exit', () => children.delete(c));
}

export interface NodeChild {
  pid: number;
  url: string;
  /** The child's IPC channel (the bench's own children answer requests on it, see IpcChild). */
  proc: ChildProcess;
  /** SIGTERM (graceful: lets --cpu-prof write its profile), SIGKILL after 8 s. */
  stop(): Promise<void>;
}

/** Runs an npm script to completion with its output shown; rejects on a non-zero exit. */
export function npmRun(script: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${script} exited ${code}`))));
  });
}

/** Spawns `node --conditions=source --import tsx <entry>` with IPC and waits for its {type:'listening', port}. */
export async function spawnNodeServer(
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<NodeChild> {
  const proc = spawn(process.execPath, [...nodeArgs, '--conditions=source', '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  track(proc);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not report listening within 60 s`)), 60_000);
    proc.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'listening' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited early (code ${code})`)));
  });
  return {
    pid: proc.pid!,
    url: `http://127.0.0.1:${port}`,
    proc,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A helper process of the bench (viewers, raw Socket.io) that answers `{id, …}` requests over IPC. */
export interface IpcChild {
  pid: number;
  /** The port a server child reports with {type:'listening', port}. */
  listening: Promise<number>;
  request<T>(msg: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

let nextRequest = 1;

/** Spawns `entry` (tsx) with IPC; each request carries an id and waits for the reply with the same id. */
export function spawnIpcChild(entry: string, env: Record<string, string> = {}): IpcChild {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  track(proc);
  const waiting = new Map<number, (m: unknown) => void>();
  const listening = new Promise<number>((resolve, reject) => {
    proc.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'listening' && typeof m.port === 'number') resolve(m.port);
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited (code ${code})`)));
  });
  listening.catch(() => {}); // only server children are asked for it
  proc.on('message', (m: { id?: number }) => {
    const done = m && typeof m.id === 'number' ? waiting.get(m.id) : undefined;
    if (done) {
      waiting.delete(m.id!);
      done(m);
    }
  });
  return {
    pid: proc.pid!,
    listening,
    request<T>(msg: Record<string, unknown>, timeoutMs = 120_000): Promise<T> {
      const id = nextRequest++;
      return new Promise<T>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`${entry}: no answer to ${String(msg.type)}`)), timeoutMs);
        waiting.set(id, (m) => {
          clearTimeout(t);
          resolve(m as T);
        });
        proc.send({ ...msg, id });
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

export interface Stack {
  redisProc: RedisProcess;
  /** The bench's own client: loading, checks, INFO, the raw-ingest ceiling. */
  admin: Redis;
  data: ReferenceData;
  /** Polling-team token of data.areas[i]. */
  teamTokens: string[];
  /** Committee token for the whole nation (the batch endpoint's caller). */
  nationToken: string;
  server: NodeChild;
  stop(): Promise<void>;
}

export async function startStack(log: (s: string) => void): Promise<Stack> {
  const redisProc = await startRedis({ appendfsync: 'always' });
  track(redisProc.proc);
  dirs.add(redisProc.dir);
  const admin = createRedis(redisProc.url, 60_000, 'ecc-bench');
  await admin.connect();

  let t = Date.now();
  const data = generateNational({ election: { id: ELECTION_ID, mode: 'simulation' } });
  log(`generated ${data.areas.length.toLocaleString('en')} polling areas in ${Date.now() - t} ms`);
  t = Date.now();
  await loadReference(admin, data);
  const principals: LegacyPrincipal[] = [
    { role: 'committee', election: ELECTION_ID, scope: 'nation', name: 'national' },
    ...data.areas.map((a): LegacyPrincipal => ({
      role: 'polling-team',
      election: ELECTION_ID,
      areaId: a.id,
      name: `tbc-${a.id}`,
    })),
  ];
  const tokens = await issueTokens(admin, principals);
  log(`loaded reference data and ${tokens.length.toLocaleString('en')} tokens in ${Date.now() - t} ms`);

  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server child for one run.
  // The server starts as in production (SERVER_NODE_ARGS), plus anything asked for (e.g. --cpu-prof).
  const nodeArgs = [
    '--max-old-space-size=192',
    '--max-semi-space-size=32',
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const server = await spawnNodeServer(
    'server/src/main.ts',
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisProc.url, ELECTION_ID, LOG_LEVEL: 'warn' },
    nodeArgs,
  );
  log(`server pid ${server.pid} on ${server.url}; redis ${redisProc.url} (AOF, appendfsync always)`);

  return {
    redisProc,
    admin,
    data,
    teamTokens: tokens.slice(1),
    nationToken: tokens[0]!,
    server,
    async stop() {
      await server.stop();
      await admin.quit().catch(() => {});
      await redisProc.stop();
      dirs.delete(redisProc.dir);
    },
  };
}
