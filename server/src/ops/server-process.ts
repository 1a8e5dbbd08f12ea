import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_ARGS } from '../launch.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
/** The public lookup's own process (server/src/public-main.ts). */
export const PUBLIC_MAIN = fileURLToPath(new URL('../public-main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A real server process (as in production: its own Redis connections, its own Socket.io), on a free port unless
 * `env.PORT` says otherwise. Used by `npm run cluster`, the drills and the multi-process tests.
 */
export async function spawnServer(env: Record<string, string>, entry = MAIN): Promise<ServerProcess> {
  const proc = fork(entry, [], {
    execArgv: SERVER_NODE_ARGS,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s')), 20_000);
    proc.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'listening' && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await exited;
    },
  };
}
