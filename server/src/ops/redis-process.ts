import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  url: string;
  port: number;
  dir: string;
  proc: ChildProcess;
  /** Starts it again on the same port and data directory (after kill). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** A real redis-server on a free port with a temp dir, AOF with fsync on every write, as in production. */
export async function startRedis(opts: { appendfsync?: 'always' | 'everysec' } = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ecc-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    opts.appendfsync ?? 'always',
    '--save',
    '',
    '--protected-mode',
    'yes',
  ];
  const spawnIt = async () => {
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) resolve();
      };
      proc.stdout?.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
      proc.once('error', reject);
    });
    return proc;
  };
  const r: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    proc: await spawnIt(),
    async restart() {
      r.proc = await spawnIt();
    },
    async kill(signal = 'SIGKILL') {
      if (r.proc.exitCode !== null || r.proc.signalCode !== null) return;
      const exited = new Promise((res) => r.proc.once('exit', res));
      r.proc.kill(signal);
      await exited;
    },
    async stop() {
      await r.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return r;
}
