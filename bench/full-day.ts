/**
 * `npm run bench:day`: Redis memory after a full national election day (issue 7): a fresh redis-server (AOF,
 * appendfsync always), the national fixtures and tokens loaded by the real loader, the real server as its own
 * process, and the real simulator at full speed through the HTTP API — the whole turnout day, then the counting
 * night (progress, a record per polling area per contest, board confirmations, the planned wrong records) — then
 * incidents at a generous rate (written through the incidents store: the simulator does not file them yet).
 * Reads Redis `used_memory` and the server's RSS; writes the "Full national day" section of BENCHMARKS.md and the
 * `fullday_*` figures of bench/results.json, leaving the other sections and figures as they were.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { INCIDENT_CATEGORIES } from '@ecc/shared';
import { generateNational } from '@ecc/fixtures';
import { startRedis } from '../server/test/redis-server.js';
import { IncidentsStore } from '../server/src/store/incidents.store.js';
import { createRedis } from '../server/src/store/redis.js';
import { familyTable, memoryReport } from '../server/src/ops/memory-families.js';
import { mergeSection } from './wall-analysis.js';
import { REPO_ROOT, installCleanup, npmRun, spawnNodeServer } from './stack.js';
import { rssMb } from './viewers.js';
import { serverHeap } from './server-heap.js';

const ELECTION = 'bench-day';
const INCIDENTS = 5000;
const HEADING = '## Full national day';
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

installCleanup();
const redisProc = await startRedis({ appendfsync: 'always' });
const redis = createRedis(redisProc.url, 60_000, 'bench-day');
await redis.connect();
const memory = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]) / 2 ** 20;
try {
  const env = { REDIS_URL: redisProc.url };
  await npmRun('fixtures:load', ['--election', ELECTION], env);
  const afterLoad = await memory();
  log(`reference data loaded: Redis used_memory ${afterLoad.toFixed(0)} MB`);
  const server = await spawnNodeServer(
    'server/src/main.ts',
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisProc.url, ELECTION_ID: ELECTION, LOG_LEVEL: 'warn' },
    ['--max-old-space-size=192', '--max-semi-space-size=32'],
  );
  const t0 = Date.now();
  await npmRun('simulate', ['--election', ELECTION, '--url', server.url, '--speed', 'max', '--concurrency', '64'], env);
  const simSeconds = (Date.now() - t0) / 1000;
  const afterDay = await memory();
  log(`day and counting night simulated in ${simSeconds.toFixed(0)} s: Redis used_memory ${afterDay.toFixed(0)} MB`);

  // Incidents: each created with its location scopes and then given a timeline of three steps.
  const data = generateNational({ election: { id: ELECTION, mode: 'simulation' } });
  const store = new IncidentsStore(redis);
  await store.load();
  const by = { who: 'bench-liaison', role: 'security-liaison', ip: '127.0.0.1' };
  for (let i = 0; i < INCIDENTS; i++) {
    const a = data.areas[(i * 7919) % data.areas.length]!;
    const created = await store.create(
      ELECTION,
      {
        category: INCIDENT_CATEGORIES[i % INCIDENT_CATEGORIES.length]!,
        severity: ['low', 'medium', 'high', 'critical'][i % 4]!,
        province: a.provinceCode,
        commune: a.communeCode,
        pollingAreaId: a.id,
        observedAt: `${a.votingDate}T${String(7 + (i % 12)).padStart(2, '0')}:15:00+07:00`,
        description: `Sự cố mô phỏng số ${i}: mất điện tại điểm bỏ phiếu, đã chuyển sang đèn dự phòng.`,
        photos: [],
        scopes: ['nation', `province:${a.provinceCode}`, `commune:${a.communeCode}`, `area:${a.id}`],
      },
      by,
      `bench-incident-${i}`,
      `h${i}`,
    );
    if (!created.ok) throw new Error(`incident ${i}: ${created.code}`);
    for (const text of ['Đã tiếp nhận.', 'Tổ công tác đang xử lý.', 'Đã khắc phục.']) {
      const r = await store.act(
        ELECTION,
        created.id,
        { type: 'comment', allowedFrom: [], arg: '', data: { text } },
        by,
      );
      if (!r.ok) throw new Error(`incident ${i} comment: ${r.code}`);
    }
  }
  const afterIncidents = await memory();
  const serverRss = rssMb(server.pid);
  const heap = await serverHeap(server.url);
  log(`${INCIDENTS} incidents with 3 timeline steps each: Redis used_memory ${afterIncidents.toFixed(0)} MB`);
  await server.stop();
  const families = await memoryReport(redis);
  log(`memory per key family:\n${familyTable(families, 40)}`);

  const aof = Number(/^aof_current_size:(\d+)/m.exec(await redis.info('persistence'))?.[1]) / 2 ** 20;
  const figures = [
    { name: 'fullday_redis_used_memory_mb', label: 'Redis used_memory after the full day', value: afterIncidents },
    { name: 'fullday_redis_reference_mb', label: 'of which reference data (after loading)', value: afterLoad },
    { name: 'fullday_server_rss_mb', label: 'Server RSS at the end', value: serverRss },
  ];
  const section = [
    HEADING,
    '',
    `Command \`npm run bench:day\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString()}, ` +
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} at the end; ${Math.round((Date.now() - started) / 1000)} s in all.`,
    '',
    '| Figure | Value | Target | Result |',
    '|---|---|---|---|',
    `| Redis used_memory after the full day | ${afterIncidents.toFixed(0)} MB | ≤ 1,024 MB | ${afterIncidents <= 1024 ? 'pass' : '**FAIL**'} |`,
    `| of which reference data (after loading) | ${afterLoad.toFixed(0)} MB | — | — |`,
    `| after the day and the counting night, before incidents | ${afterDay.toFixed(0)} MB | — | — |`,
    `| Server RSS at the end | ${serverRss.toFixed(0)} MB | ≤ 300 MB | ${serverRss <= 300 ? 'pass' : '**FAIL**'} |`,
    `| of which V8 heap used / reserved, external | ${heap} | — | — |`,
    '',
    `The simulator (seed 2026, every polling area's day with late, silent and retried reports, then the counting ` +
      `night for all three contests) ran at full speed through the HTTP API in ${simSeconds.toFixed(0)} s. Then ` +
      `${INCIDENTS.toLocaleString('en')} incidents (about one per 14 polling areas; categories and severities in ` +
      `turn) with three timeline steps each, through the incidents store. AOF ${aof.toFixed(0)} MB at the end.`,
    '',
    'Where the memory is, per key family at the end (`npm run memory:report`: SCAN + `MEMORY USAGE … SAMPLES 0`; ' +
      'ids folded to `*`, contests to `{contest}`; elements are hash fields, list items, stream entries):',
    '',
    familyTable(families, 15),
    '',
  ].join('\n');
  const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
  const jsonPath = join(REPO_ROOT, 'bench', 'results.json');
  writeFileSync(mdPath, mergeSection(existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '', section, HEADING));
  const results = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
  for (const f of figures) {
    const target = f.name === 'fullday_redis_used_memory_mb' ? 1024 : f.name === 'fullday_server_rss_mb' ? 300 : null;
    results[f.name] = { value: Math.round(f.value), unit: 'MB', target, ceiling: null };
  }
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  log('wrote the "Full national day" section of BENCHMARKS.md and fullday_* in bench/results.json');
} finally {
  await redis.quit().catch(() => {});
  await redisProc.stop();
}
process.exit(0);
