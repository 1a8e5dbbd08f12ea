/**
 * `npm run bench:public` (issue 8): does heavy public-lookup traffic slow the reporting path? On the national data
 * set, one server process as in production, reports are sent one by one at a steady rate and their latency is
 * measured in alternating phases, alone (A) and with a heavy public load (B: every commune's snapshot, gzip, from a
 * separate process), A B A B A B: a machine shared with other work drifts, so each figure is the median of its
 * three phases, and the spread (lowest–highest) is shown beside it. The target: the median B p50 and p99 within
 * 20 % of the median A ones. Also measured: the public path's own throughput and latency, the server's CPU per
 * public request, the one-off cost of building every commune's snapshot, and how many Redis commands public
 * requests cost once built (none should).
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
const PHASE_S = 15;
const ROUNDS = 3; // A B pairs
const PUBLIC_RATE = 2000; // public requests/s: ~7 M page views an hour on one instance
const PUBLIC_CONNECTIONS = 64;
const GENERATOR_NICE = 19;
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
  cpuS: number;
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100/s)
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The public load in its own Node process (bench/public-load.ts); resolves with what it measured. */
function publicLoad(url: string, codes: string[], durationS: number, rate = PUBLIC_RATE): Promise<PublicLoad> {
  return new Promise((resolve, reject) => {
    const args = JSON.stringify({ url, codes, rate, connections: PUBLIC_CONNECTIONS, durationS });
    // At the lowest CPU priority: in production the visitors' browsers are not on the server's cores; here the
    // generator shares 2 cores with the server under test and must not take CPU from it (its own CPU is reported).
    const node = [process.execPath, '--conditions=source', '--import', 'tsx', 'bench/public-load.ts', args];
    const p = spawn('nice', ['-n', String(GENERATOR_NICE), ...node], {
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

  // Public requests alone: Redis commands they cause once the snapshots exist, and the server's CPU per request.
  // The instance's own background (status entry, heartbeats, version checks) over the same time, taken off.
  const idle0 = await calls();
  await new Promise((r) => setTimeout(r, 5000));
  const background = (await calls()) - idle0;
  const c0 = await calls();
  const cpu0 = cpuSeconds(server.pid);
  const alone = await publicLoad(server.url, codes, 5);
  const serverUsPerRequest = ((cpuSeconds(server.pid) - cpu0) * 1e6) / alone.requests;
  const perRequest = Math.max(0, (await calls()) - c0 - background) / alone.requests;
  log(
    `public alone: ${Math.round(alone.perSecond)}/s, p50 ${alone.p50Ms} ms, p99 ${alone.p99Ms} ms, Redis ${perRequest.toFixed(4)} commands/request, server ${serverUsPerRequest.toFixed(0)} µs CPU/request, generator ${alone.cpuS.toFixed(1)} s CPU`,
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
  await phase('07:30', 0.05, 'warm');
  const A: BurstResult[] = [];
  const B: BurstResult[] = [];
  const P: PublicLoad[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const hour = 8 + 2 * i;
    const a = await phase(`${hour}:00`.padStart(5, '0'), 0.1 + 0.1 * i, `a${i}`);
    A.push(a);
    log(`A${i + 1} reports alone: ${describeRun(a)}`);
    const [b, pub] = await Promise.all([
      phase(`${hour + 1}:00`.padStart(5, '0'), 0.15 + 0.1 * i, `b${i}`),
      publicLoad(server.url, codes, PHASE_S),
    ]);
    B.push(b);
    P.push(pub);
    log(
      `B${i + 1} reports with the public load: ${describeRun(b)}; public ${Math.round(pub.perSecond)}/s, p99 ${pub.p99Ms} ms`,
    );
  }
  const med = (rs: BurstResult[], k: 'p50Ms' | 'p99Ms') => median(rs.map((r) => r[k]));
  const spread = (rs: BurstResult[], k: 'p50Ms' | 'p99Ms') =>
    `${ms(Math.min(...rs.map((r) => r[k])))}–${ms(Math.max(...rs.map((r) => r[k])))}`;
  const pubPerSecond = median(P.map((p) => p.perSecond));
  const pubP99 = median(P.map((p) => p.p99Ms));
  const perPhase = (k: 'p50Ms' | 'p99Ms') => A.map((a, i) => `A ${ms(a[k])} / B ${ms(B[i]![k])}`).join(', ');
  const figures = [
    {
      name: 'public_report_p50_ratio',
      label: 'Report latency p50 with ÷ without public load',
      value: med(B, 'p50Ms') / med(A, 'p50Ms'),
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p99_ratio',
      label: 'Report latency p99 with ÷ without public load',
      value: med(B, 'p99Ms') / med(A, 'p99Ms'),
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p50_ms',
      label: 'Report latency p50, median of 3 phases: alone / with public (spread)',
      value: med(B, 'p50Ms'),
      unit: `ms (A ${ms(med(A, 'p50Ms'))} [${spread(A, 'p50Ms')}] / B ${ms(med(B, 'p50Ms'))} [${spread(B, 'p50Ms')}])`,
      target: null,
    },
    {
      name: 'public_report_p99_ms',
      label: 'Report latency p99, median of 3 phases: alone / with public (spread)',
      value: med(B, 'p99Ms'),
      unit: `ms (A ${ms(med(A, 'p99Ms'))} [${spread(A, 'p99Ms')}] / B ${ms(med(B, 'p99Ms'))} [${spread(B, 'p99Ms')}])`,
      target: null,
    },
    {
      name: 'public_requests_per_s',
      label: 'Public requests served during the report run',
      value: pubPerSecond,
      unit: 'req/s',
      target: `>= ${PUBLIC_RATE * 0.95}`,
    },
    {
      name: 'public_p99_ms',
      label: 'Public request latency p99 (cached snapshot)',
      value: pubP99,
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
      name: 'public_server_cpu_us_per_request',
      label: 'Server CPU per public request (user + system)',
      value: serverUsPerRequest,
      unit: 'µs',
      target: null,
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
      `${REPORT_CONNECTIONS} connections for ${PHASE_S} s per phase, alternating alone (A) and with the public load ` +
      `(B) ${ROUNDS} times after a warm-up phase; ratios compare the medians of the per-phase percentiles. Per phase ` +
      `p50: ${perPhase('p50Ms')} ms; p99: ${perPhase('p99Ms')} ms. Accepted per phase: ` +
      `${A.map((a, i) => `${a.ok}/${B[i]!.ok}`).join(', ')}.`,
    `- Public load: GET /api/v1/public/communes/{code} round-robin over every commune, Accept-Encoding gzip, paced at ` +
      `${PUBLIC_RATE}/s over ${PUBLIC_CONNECTIONS} connections, ${Math.round(P[0]!.meanBytes).toLocaleString('en')} bytes ` +
      `per response on average; statuses ${JSON.stringify(P.map((p) => p.statuses))}; the generator used ` +
      `${P.map((p) => p.cpuS.toFixed(1)).join(', ')} s of CPU per phase on the same cores, at nice ${GENERATOR_NICE} so ` +
      `that it does not take the server's CPU (in production visitors' browsers are elsewhere). Served from memory by the public path ` +
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
