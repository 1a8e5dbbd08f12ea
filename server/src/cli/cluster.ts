/**
 * The scale-out topology without Docker: N server processes on one Redis behind a small TCP balancer.
 *   npm run cluster -- [--nodes 3] [--port 3000]          (REDIS_URL, ELECTION_ID, WEB_DIR as for the server)
 * Ctrl-C stops the balancer and every server it started.
 */
import { parseArgs } from 'node:util';
import { startBalancer } from '../ops/balancer.js';
import { spawnServer } from '../ops/server-process.js';

async function main() {
  const { values } = parseArgs({
    options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: process.env.PORT ?? '3000' } },
  });
  const count = Math.max(1, Number(values.nodes));
  const nodes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      spawnServer({ INSTANCE_ID: `node-${i + 1}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }),
    ),
  );
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
