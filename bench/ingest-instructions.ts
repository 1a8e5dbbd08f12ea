/**
 * `npm run bench:ingest-instructions`: what one batched turnout report costs Redis in machine instructions, counted
 * by valgrind's callgrind. Unlike time, the count does not move when other work shares the machine, so a change
 * to ingest.lua can be judged by one run (bench:ingest and bench:batch move ±20 % here from run to run).
 *
 * The day's state is built once with a plain redis-server (national data, two earlier checkpoints, as areas carry
 * before the 10:00 batch burst of `npm run bench`) and kept in an AOF directory; each run copies it, starts
 * redis-server under callgrind on the copy, warms up with one batch, then counts 20 batches of 1,000 HTTP-like
 * items (real-length request ids, body hashes, reporter, address). Needs valgrind (`apt-get install valgrind`).
 * Usage: `npm run bench:ingest-instructions [-- <state dir>]` (the state is rebuilt when the directory is missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNational } from '@ecc/fixtures';
import type { PollingArea } from '@ecc/shared';
import { freePort, startRedis } from '../server/test/redis-server.js';
import { loadReference } from '../server/src/store/reference.store.js';
import { createRedis } from '../server/src/store/redis.js';
import { TurnoutStore } from '../server/src/store/turnout.store.js';
import type { IngestItem } from '../server/src/store/turnout.store.js';
import { toIngestItem } from './burst.js';
import { Day } from './day.js';

const BATCH = 1000;
const MEASURED_BATCHES = 20;
const stateDir = process.argv[2] ?? join(tmpdir(), 'ecc-ingest-instructions-state');

const items = (areas: readonly PollingArea[], hhmm: string, share: number, tag: string) => {
  const day = new Day(areas, []);
  const requestIds = areas.map(() => randomUUID());
  return day.batchItems(hhmm, share, tag).map((r, n) =>
    toIngestItem(
      r,
      // One request per batch, as at the batch endpoint.
      {
        requestId: requestIds[Math.floor(n / BATCH)]!,
        requestPart: `#${n % BATCH}`,
        reporter: 'national',
        role: 'committee',
        ip: '::ffff:127.0.0.1',
      },
      createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16),
    ),
  );
};

async function ingestAll(store: TurnoutStore, electionId: string, list: readonly IngestItem[]) {
  for (let i = 0; i < list.length; i += BATCH) {
    const results = await store.ingest({
      electionId,
      nowMs: Date.now(),
      maxFutureMs: null,
      logMaxLen: 5000,
      bucketMs: 600_000,
      items: list.slice(i, i + BATCH),
    });
    const bad = results.find((r) => !r.ok);
    if (bad) throw new Error(`an item was refused: ${JSON.stringify(bad)}`);
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

if (spawnSync('valgrind', ['--version']).error) {
  console.error('bench:ingest-instructions needs valgrind: apt-get install valgrind');
  process.exit(1);
}

const data = generateNational();
const electionId = data.election.id;

if (!existsSync(stateDir)) {
  console.log(`building the day's state in ${stateDir}`);
  const redisProc = await startRedis({ appendfsync: 'everysec' });
  const redis = createRedis(redisProc.url, 60_000, 'bench-ingest-instructions');
  await redis.connect();
  await loadReference(redis, data);
  const store = new TurnoutStore(redis);
  await store.load();
  await ingestAll(store, electionId, items(data.areas, '09:00', 0.3, 'r0900'));
  await ingestAll(store, electionId, items(data.areas, '09:30', 0.35, 'raw'));
  const rewriting = async () => /aof_rewrite_in_progress:1/.test(await redis.info('persistence'));
  while (await rewriting()) await new Promise((r) => setTimeout(r, 200)); // an automatic one may be running
  await redis.bgRewriteAof();
  while (/aof_rewrite_in_progress:1/.test(await redis.info('persistence')))
    await new Promise((r) => setTimeout(r, 200));
  await redis.close();
  cpSync(redisProc.dir, stateDir, { recursive: true }); // the rewritten AOF base holds everything
  await redisProc.stop();
}

const dir = mkdtempSync(join(tmpdir(), 'ecc-cg-'));
cpSync(stateDir, dir, { recursive: true });
const port = await freePort();
const out = join(dir, 'callgrind.out');
const proc = spawn(
  'valgrind',
  ['--tool=callgrind', `--callgrind-out-file=${out}`, 'redis-server', '--port', String(port), '--dir', dir].concat([
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--save',
    '',
  ]),
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
let valgrindOut = '';
proc.stderr?.on('data', (b: Buffer) => (valgrindOut = (valgrindOut + b.toString()).slice(-2000)));
proc.once('exit', (code) => {
  if (code !== null && code !== 0) console.error(`valgrind exited ${code}: ${valgrindOut}`);
});
const redis = createRedis(`redis://127.0.0.1:${port}`, 600_000, 'bench-ingest-instructions');
try {
  // Under valgrind redis-server takes a while to listen: wait for the port before connecting the client.
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 600) throw new Error('redis-server under valgrind did not start');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await redis.connect();
  while (/loading:1/.test(await redis.info('persistence'))) await new Promise((r) => setTimeout(r, 1000));
  const store = new TurnoutStore(redis);
  await store.load();
  const list = items(data.areas, '10:00', 0.4, 'b1000').slice(0, BATCH * (MEASURED_BATCHES + 1));
  await ingestAll(store, electionId, list.slice(0, BATCH)); // warm-up: script compiled, allocator settled
  spawnSync('callgrind_control', ['-z', String(proc.pid)]);
  await ingestAll(store, electionId, list.slice(BATCH));
  spawnSync('callgrind_control', ['-d', String(proc.pid)]);
  const dump = readdirSync(dir).find((f) => f.startsWith('callgrind.out.'));
  const annotate = spawnSync('callgrind_annotate', [join(dir, dump ?? 'callgrind.out')], { encoding: 'utf8' });
  const total = Number(/([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/.exec(annotate.stdout)?.[1]?.replace(/,/g, '') ?? NaN);
  console.log(`${Math.round(total / (BATCH * MEASURED_BATCHES)).toLocaleString('en')} instructions per report`);
  if (process.env.KEEP_PROFILE) console.log(`profile kept: ${join(dir, dump ?? '')}`);
} finally {
  await redis.quit().catch(() => {});
  proc.kill('SIGKILL');
  if (!process.env.KEEP_PROFILE) rmSync(dir, { recursive: true, force: true });
}
