/**
 * `npm run bench:public` (issue 8): does heavy public-lookup traffic slow the reporting path? On the national data
 * set, one server process as in production, reports are sent one by one at a steady rate and their latency is
 * measured three times: alone, with a heavy public load (every commune's snapshot, gzip, in a separate process),
 * and alone again. The target: report latency with the public load within 20 % of the mean of the two runs
 * without it. Also measured: the public path's own throughput and latency, the one-off cost of building every
 * commune's snapshot, and how many Redis commands public requests cost once built (none should).
 * Appends (or replaces) the "Public lookup" section of BENCHMARKS.md and the public_* figures of bench/results.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { oneByOne } from './burst.js';
import type { BurstResult } from './burst.js';
import { Day } from './day.js';
import { num } from './report.js';
import { REPO_ROOT, installCleanup, killAllNow, startStack } from './stack.js';

const REPORT_RATE = 300; // reports/s: a busy hour's share of one instance, well under its ceiling
const REPORT_CONNECTIONS = 32;
const PHASE_S = 20;
const PUBLIC_RATE = 2000; // public requests/s: ~7 M page views an hour on one instance
const PUBLIC_CONNECTIONS = 64;
const CEILING = 1.2; // with the public load, report latency may be at most 20 % above the runs without it
const DEADLINE_MS = 300_000;
const HEADING = '## Public lookup';

const started = Date.now();
const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const loadAtStart = loadNow();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${s}`);
installCleanup();
setTimeout(() => {
  console.error(`bench:public exceeded ${DEADLINE_MS / 1000} s: stopping every process it started`);
  killAllNow();
  process.exit(2);
}, DEADLINE_MS).unref();

interface PublicLoad {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanBytes: number;
  statuses: Record<string, number>;
  errors: number;
}

/** The public load in its own Node process (bench/public-load.ts); resolves with what it measured. */
function publicLoad(url: string, codes: string[], durationS: number, rate = PUBLIC_RATE): Promise<PublicLoad> {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ url, codes, rate, connections: PUBLIC_CONNECTIONS, durationS });
    const p = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'bench/public-load.ts', args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PublicLoad)
        : reject(new Error(`exit ${code}`)),
    );
  });
}

const stack = await startStack(log);
try {
  const { admin, data, server } = stack;
  const day = new Day(data.areas, stack.teamTokens);
  const codes = [...new Set(data.areas.map((a) => a.communeCode))];
  const calls = async () =>
    [...(await admin.info('commandstats')).matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce(
      (s, m) => s + Number(m[1]),
      0,
    );

  // Every commune's snapshot built once (what the first visitors of the day pay), then served from memory.
  const t = performance.now();
  let nextCode = 0;
  const coldWorker = async () => {
    while (nextCode < codes.length) {
      const r = await fetch(`${server.url}/api/v1/public/communes/${codes[nextCode++]}`);
      if (!r.ok) throw new Error(`cold pass: HTTP ${r.status}`);
      await r.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, coldWorker));
  const coldS = (performance.now() - t) / 1000;
  log(`cold pass: ${codes.length} commune snapshots built in ${coldS.toFixed(1)} s`);

  // Public requests alone: Redis commands they cause once the snapshots exist.
  // The instance's own background (status entry, heartbeats, version checks) over the same time, taken off.
  const idle0 = await calls();
  await new Promise((r) => setTimeout(r, 5000));
  const background = (await calls()) - idle0;
  const c0 = await calls();
  const alone = await publicLoad(server.url, codes, 5);
  const perRequest = Math.max(0, (await calls()) - c0 - background) / alone.requests;
  log(
    `public alone: ${Math.round(alone.perSecond)}/s, p50 ${alone.p50Ms} ms, p99 ${alone.p99Ms} ms, Redis ${perRequest.toFixed(4)} commands/request`,
  );

  const phase = async (hhmm: string, share: number, tag: string): Promise<BurstResult> =>
    oneByOne(server.url, day.teamReports(hhmm, share, tag), {
      connections: REPORT_CONNECTIONS,
      overallRate: REPORT_RATE,
      durationS: PHASE_S,
    });
  const ms = (x: number) => Math.round(x * 10) / 10;
  const describeRun = (r: BurstResult) =>
    `${r.ok} accepted, ${Math.round(r.requests / PHASE_S)}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`;
  await phase('08:00', 0.1, 'warm');
  const a1 = await phase('09:00', 0.2, 'a1');
  log(`reports alone (1): ${describeRun(a1)}`);
  const [b, pub] = await Promise.all([phase('10:00', 0.3, 'b'), publicLoad(server.url, codes, PHASE_S)]);
  log(`reports with the public load: ${describeRun(b)}; public ${Math.round(pub.perSecond)}/s, p99 ${pub.p99Ms} ms`);
  const a2 = await phase('11:00', 0.4, 'a2');
  log(`reports alone (2): ${describeRun(a2)}`);

  const base50 = (a1.p50Ms + a2.p50Ms) / 2;
  const base99 = (a1.p99Ms + a2.p99Ms) / 2;
  const figures = [
    {
      name: 'public_report_p50_ratio',
      label: 'Report latency p50 with ÷ without public load',
      value: b.p50Ms / base50,
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p99_ratio',
      label: 'Report latency p99 with ÷ without public load',
      value: b.p99Ms / base99,
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p50_ms',
      label: 'Report latency p50: alone / with public / alone',
      value: b.p50Ms,
      unit: `ms (${ms(a1.p50Ms)} / ${ms(b.p50Ms)} / ${ms(a2.p50Ms)})`,
      target: null,
    },
    {
      name: 'public_report_p99_ms',
      label: 'Report latency p99: alone / with public / alone',
      value: b.p99Ms,
      unit: `ms (${ms(a1.p99Ms)} / ${ms(b.p99Ms)} / ${ms(a2.p99Ms)})`,
      target: null,
    },
    {
      name: 'public_requests_per_s',
      label: 'Public requests served during the report run',
      value: pub.perSecond,
      unit: 'req/s',
      target: `>= ${PUBLIC_RATE * 0.95}`,
    },
    {
      name: 'public_p99_ms',
      label: 'Public request latency p99 (cached snapshot)',
      value: pub.p99Ms,
      unit: 'ms',
      target: null,
    },
    {
      name: 'public_redis_commands_per_request',
      label: 'Redis commands per public request (snapshots built)',
      value: perRequest,
      unit: 'commands',
      target: '<= 0.01',
    },
    {
      name: 'public_cold_build_s',
      label: `Building all ${codes.length.toLocaleString('en')} commune snapshots (first requests)`,
      value: coldS,
      unit: 's',
      target: null,
    },
  ].map((f) => ({ ...f, value: Math.round(f.value * 1000) / 1000 }));
  const ok = (f: (typeof figures)[number]) => {
    if (!f.target) return '—';
    const [op, v] = f.target.split(' ');
    const pass = op === '<=' ? f.value <= Number(v) : f.value >= Number(v);
    return pass ? 'pass' : '**FAIL**';
  };
  for (const f of figures)
    log(`  ▸ ${f.label}: ${num(f.value)} ${f.unit} ${f.target ? `target ${f.target} → ${ok(f)}` : ''}`);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    HEADING,
    '',
    'Produced by `npm run bench:public` (bench/public.ts); the same figures are in bench/results.json (`public_*`).',
    '',
    `- Machine: ${cpu}, ${cpus().length} cores, RAM ${(totalmem() / 2 ** 30).toFixed(1)} GB; Node ${process.version}. ` +
      `Report generator, public load generator (its own process), server and Redis share these cores. Load average ` +
      `(1 / 5 / 15 min): ${loadAtStart} at the start, ${loadNow()} at the end.`,
    `- Date: ${new Date().toISOString()}; whole run ${Math.round((Date.now() - started) / 1000)} s. National data ` +
      `(${data.areas.length.toLocaleString('en')} polling areas, ${codes.length.toLocaleString('en')} communes).`,
    '',
    '| Figure | Value | Target | Result |',
    '|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.label} | ${num(f.value)} ${f.unit} | ${f.target ? f.target.replace('<=', '≤').replace('>=', '≥') : '—'} | ${ok(f)} |`,
    ),
    '',
    `- Reports: POST /api/v1/turnout one by one with polling-team tokens, paced at ${REPORT_RATE}/s over ` +
      `${REPORT_CONNECTIONS} connections for ${PHASE_S} s per run (alone, with the public load, alone again); the ` +
      `baseline is the mean of the two runs alone. Accepted: ${a1.ok}, ${b.ok}, ${a2.ok}.`,
    `- Public load: GET /api/v1/public/communes/{code} round-robin over every commune, Accept-Encoding gzip, paced at ` +
      `${PUBLIC_RATE}/s over ${PUBLIC_CONNECTIONS} connections, ${Math.round(pub.meanBytes).toLocaleString('en')} bytes ` +
      `per response on average; statuses ${JSON.stringify(pub.statuses)}. Served from memory by the public path ` +
      `before Express (server/src/http/public-path.ts); a proxy or CDN honouring Cache-Control would absorb most of it.`,
    `- Redis commands per public request: commandstats calls over ${alone.requests.toLocaleString('en')} public ` +
      `requests (5 s, no reports flowing) minus the instance's own background over an idle 5 s just before ` +
      `(${background} commands: status entry, heartbeats, public version checks).`,
    '',
  ].join('\n');
  const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
  const start = md.indexOf(`\n${HEADING}\n`);
  const next = start < 0 ? -1 : md.indexOf('\n## ', start + 1 + HEADING.length);
  const merged =
    start < 0
      ? `${md.replace(/\n*$/, '')}\n\n${section}`
      : `${md.slice(0, start + 1)}${section.replace(/\n*$/, '\n')}${next < 0 ? '' : md.slice(next)}`;
  writeFileSync(mdPath, merged);
  const jsonPath = join(REPO_ROOT, 'bench', 'results.json');
  const results = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
  for (const f of figures) results[f.name] = { value: f.value, unit: f.unit, target: f.target, ceiling: null };
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  log('wrote the "Public lookup" section of BENCHMARKS.md and the public_* figures of bench/results.json');
} finally {
  await stack.stop();
}
