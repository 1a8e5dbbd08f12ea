/**
 * The scale-out topology without Docker: N server processes on one Redis behind a small TCP balancer.
 *   npm run cluster -- [--nodes 3] [--port 3000]          (REDIS_URL, ELECTION_ID, WEB_DIR as for the server)
 * Ctrl-C stops the balancer and every server it started.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVER_NODE_ARGS } from '../launch.js';
import { startBalancer } from '../ops/balancer.js';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

function spawnNode(i: number): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(MAIN, [], {
    execArgv: SERVER_NODE_ARGS,
    env: { ...process.env, PORT: '0', INSTANCE_ID: `node-${i}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'listening' && m.port) resolve({ proc, port: m.port });
    });
    proc.once('exit', (code) => reject(new Error(`server node-${i} exited with ${code}`)));
  });
}

async function main() {
  const { values } = parseArgs({
    options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: process.env.PORT ?? '3000' } },
  });
  const count = Math.max(1, Number(values.nodes));
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => spawnNode(i + 1)));
  const host = process.env.HOST ?? '127.0.0.1';
  const lb = await startBalancer(
    Number(values.port),
    host,
    nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
  );
  console.log(`  balancer http://${host}:${values.port} → ${nodes.map((n) => n.port).join(', ')}`);
  const stop = () => {
    lb.close();
    for (const n of nodes) n.proc.kill('SIGTERM');
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
