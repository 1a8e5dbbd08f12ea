/**
 * `npm run bench:public` (issue 8): does heavy public-lookup traffic slow the reporting path? On the national data
 * set, one report server as in production and the public lookup's own process (server/src/public-main.ts, where
 * deploy/nginx.conf sends /api/v1/public/), reports are sent one by one at a steady rate and their latency is
 * measured in rounds of three phases: alone (A), with a heavy public load on the public process (P, as deployed),
 * and with the same load on the report server itself (B, the in-process alternative, for comparison). A machine
 * shared with other work drifts, so each figure is the median of its three phases, with the spread beside it. The
 * target: the median P p50 and p99 within 20 % of the median A ones. Also measured: the public path's throughput
 * and latency, its CPU per request, the one-off cost of building every commune's snapshot, and how many Redis
 * commands public requests cost once built (none should).
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
import { ELECTION_ID, REPO_ROOT, installCleanup, killAllNow, spawnNodeServer, startStack } from './stack.js';

const REPORT_RATE = 300; // reports/s: a busy hour's share of one instance, well under its ceiling
const REPORT_CONNECTIONS = 32;
const PHASE_S = 15;
const ROUNDS = 3; // rounds of A, P, B phases
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

  // The public lookup's own process, as deployed (decision 0009): nginx sends /api/v1/public/ to it.
  const publicProc = await spawnNodeServer(
    'server/src/public-main.ts',
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: stack.redisProc.url, ELECTION_ID, LOG_LEVEL: 'warn' },
    ['--max-old-space-size=192'],
  );
  log(`public process pid ${publicProc.pid} on ${publicProc.url}`);

  // Every commune's snapshot built once (what the first visitors of the day pay), then served from memory.
  const cold = async (url: string) => {
    const t = performance.now();
    let nextCode = 0;
    const worker = async () => {
      while (nextCode < codes.length) {
        const r = await fetch(`${url}/api/v1/public/communes/${codes[nextCode++]}`);
        if (!r.ok) throw new Error(`cold pass: HTTP ${r.status}`);
        await r.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return (performance.now() - t) / 1000;
  };
  const coldS = await cold(publicProc.url);
  await cold(server.url); // the in-process comparison (B) serves its own snapshots
  log(`cold pass: ${codes.length} commune snapshots built in ${coldS.toFixed(1)} s`);

  // Public requests alone: Redis commands they cause once the snapshots exist, and the CPU per request.
  // The processes' own background (status entry, heartbeats, version checks) over the same time, taken off.
  const idle0 = await calls();
  await new Promise((r) => setTimeout(r, 5000));
  const background = (await calls()) - idle0;
  const c0 = await calls();
  const cpu0 = cpuSeconds(publicProc.pid);
  const alone = await publicLoad(publicProc.url, codes, 5);
  const serverUsPerRequest = ((cpuSeconds(publicProc.pid) - cpu0) * 1e6) / alone.requests;
  const perRequest = Math.max(0, (await calls()) - c0 - background) / alone.requests;
  log(
    `public alone: ${Math.round(alone.perSecond)}/s, p50 ${alone.p50Ms} ms, p99 ${alone.p99Ms} ms, Redis ${perRequest.toFixed(4)} commands/request, ${serverUsPerRequest.toFixed(0)} µs CPU/request, generator ${alone.cpuS.toFixed(1)} s CPU`,
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
  // Per round: A reports alone; P with the public load on the public process (as deployed); B with the public load
  // on the report server itself (the same code in process, for comparison).
  const A: BurstResult[] = [];
  const P: BurstResult[] = [];
  const B: BurstResult[] = [];
  const loads: PublicLoad[] = [];
  const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;
  for (let i = 0; i < ROUNDS; i++) {
    const hour = 8 + 3 * i;
    const a = await phase(hhmm(hour), 0.1 + 0.1 * i, `a${i}`);
    A.push(a);
    log(`A${i + 1} reports alone: ${describeRun(a)}`);
    const [p, pl] = await Promise.all([
      phase(hhmm(hour + 1), 0.13 + 0.1 * i, `p${i}`),
      publicLoad(publicProc.url, codes, PHASE_S),
    ]);
    P.push(p);
    loads.push(pl);
    log(
      `P${i + 1} reports, public load on the public process: ${describeRun(p)}; public ${Math.round(pl.perSecond)}/s, p99 ${pl.p99Ms} ms`,
    );
    const [b, bl] = await Promise.all([
      phase(hhmm(hour + 2), 0.16 + 0.1 * i, `b${i}`),
      publicLoad(server.url, codes, PHASE_S),
    ]);
    B.push(b);
    log(
      `B${i + 1} reports, public load on the report server: ${describeRun(b)}; public ${Math.round(bl.perSecond)}/s, p99 ${bl.p99Ms} ms`,
    );
  }
  await publicProc.stop();
  const med = (rs: BurstResult[], k: 'p50Ms' | 'p99Ms') => median(rs.map((r) => r[k]));
  const spread = (rs: BurstResult[], k: 'p50Ms' | 'p99Ms') =>
    `${ms(Math.min(...rs.map((r) => r[k])))}–${ms(Math.max(...rs.map((r) => r[k])))}`;
  const cell = (tag: string, rs: BurstResult[], k: 'p50Ms' | 'p99Ms') => `${tag} ${ms(med(rs, k))} [${spread(rs, k)}]`;
  const pubPerSecond = median(loads.map((p) => p.perSecond));
  const pubP99 = median(loads.map((p) => p.p99Ms));
  const perPhase = (k: 'p50Ms' | 'p99Ms') =>
    A.map((a, i) => `A ${ms(a[k])} / P ${ms(P[i]![k])} / B ${ms(B[i]![k])}`).join(', ');
  const figures = [
    {
      name: 'public_report_p50_ratio',
      label: 'Report latency p50 with ÷ without public load (public process, as deployed)',
      value: med(P, 'p50Ms') / med(A, 'p50Ms'),
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p99_ratio',
      label: 'Report latency p99 with ÷ without public load (public process, as deployed)',
      value: med(P, 'p99Ms') / med(A, 'p99Ms'),
      unit: '×',
      target: `<= ${CEILING}`,
    },
    {
      name: 'public_report_p99_ratio_in_process',
      label: 'Report latency p99 with ÷ without public load, public load on the report server itself',
      value: med(B, 'p99Ms') / med(A, 'p99Ms'),
      unit: '×',
      target: null,
    },
    {
      name: 'public_report_p50_ms',
      label: 'Report latency p50, median of 3 phases [spread]: alone / public process / in process',
      value: med(P, 'p50Ms'),
      unit: `ms (${cell('A', A, 'p50Ms')} / ${cell('P', P, 'p50Ms')} / ${cell('B', B, 'p50Ms')})`,
      target: null,
    },
    {
      name: 'public_report_p99_ms',
      label: 'Report latency p99, median of 3 phases [spread]: alone / public process / in process',
      value: med(P, 'p99Ms'),
      unit: `ms (${cell('A', A, 'p99Ms')} / ${cell('P', P, 'p99Ms')} / ${cell('B', B, 'p99Ms')})`,
      target: null,
    },
    {
      name: 'public_requests_per_s',
      label: 'Public requests served during the report run (public process)',
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
      label: 'Public process CPU per public request (user + system)',
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
      `${REPORT_CONNECTIONS} connections for ${PHASE_S} s per phase, in ${ROUNDS} rounds after a warm-up phase: alone ` +
      `(A), with the public load on the public process as deployed (P: server/src/public-main.ts, where ` +
      `deploy/nginx.conf sends /api/v1/public/), and with the public load on the report server itself (B); ratios ` +
      `compare the medians of the per-phase percentiles. Per phase p50: ${perPhase('p50Ms')} ms; p99: ` +
      `${perPhase('p99Ms')} ms. Accepted per phase (A/P/B): ` +
      `${A.map((a, i) => `${a.ok}/${P[i]!.ok}/${B[i]!.ok}`).join(', ')}.`,
    `- Public load: GET /api/v1/public/communes/{code} round-robin over every commune, Accept-Encoding gzip, paced at ` +
      `${PUBLIC_RATE}/s over ${PUBLIC_CONNECTIONS} connections, ${Math.round(loads[0]!.meanBytes).toLocaleString('en')} bytes ` +
      `per response on average; statuses ${JSON.stringify(loads.map((p) => p.statuses))}; the generator used ` +
      `${loads.map((p) => p.cpuS.toFixed(1)).join(', ')} s of CPU per phase on the same cores, at nice ${GENERATOR_NICE} so ` +
      `that it does not take the servers' CPU (in production visitors' browsers are elsewhere). Served from memory by ` +
      `the public path (server/src/http/public-path.ts); a proxy or CDN honouring Cache-Control would absorb most of it.`,
    `- Redis commands per public request: commandstats calls over ${alone.requests.toLocaleString('en')} public ` +
      `requests to the public process (5 s, no reports flowing) minus the processes' own background over an idle 5 s just before ` +
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
