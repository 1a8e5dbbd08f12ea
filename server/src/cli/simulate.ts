/**
 * Live election-day simulator: replays a seeded day of turnout reports against a running server over its HTTP API,
 * with the reporters' real tokens.
 *   npm run simulate -- [--election qh16-2026] [--url http://127.0.0.1:3000] [--seed 2026] [--speed 288|max]
 *                       [--from 05:00] [--small] [--tokens data/tokens/{election}.csv] [--concurrency 8]
 *                       [--turnout-only]   (default: the counting night follows the day)
 * The reference data is regenerated with the loader's generator and seed (pass the same --seed/--small as to
 * fixtures:load). Restarting is safe: idempotency keys come from the plan, so what was already sent is answered as
 * a replay; resume a stopped run with --from at the time it reached. Ctrl-C stops after the current tick.
 */
import { parseArgs } from 'node:util';
import { generateNational, generateSmall } from '@ecc/fixtures';
import { localInstant, localTimeSchema } from '@ecc/shared';
import { buildPlan, type Plan } from '../sim/plan.js';
import { buildCountingPlan, type CountingPlan } from '../sim/counting-plan.js';
import { runCounting } from '../sim/counting-runner.js';
import { fetchNation, formatNation, formatStats, runSimulation } from '../sim/runner.js';
import { IncidentSim, planIncidents } from '../sim/incidents.js';
import { defaultTokensPath, readTokensFile } from '../sim/tokens.js';

function fail(msg: string): never {
  console.error(`simulate: ${msg}`);
  process.exit(2);
}

/**
 * Regenerates the reference data and plans the day. In a function of its own so that the full reference data
 * (candidates, units: a few hundred MB nationally) can be collected once the plan, which keeps only the areas, exists.
 */
function makePlan(id: string, seed: number, small: boolean): { plan: Plan; counting: CountingPlan } {
  const t0 = Date.now();
  const data = (small ? generateSmall : generateNational)({ seed, election: { id } });
  const t1 = Date.now();
  const plan = buildPlan(data, seed);
  const c = plan.counts();
  const n = (x: number) => x.toLocaleString('vi-VN');
  console.log(
    `  plan for ${id} (seed ${seed}): ${n(plan.length)} sends for ${n(data.areas.length)} polling areas — ` +
      `${n(c.report)} reports, ${c.retry} network retries, ${c.correction} corrections, ` +
      `${c.over + c.decrease + c.window} deliberately wrong (data ${t1 - t0} ms, plan ${Date.now() - t1} ms)`,
  );
  const counting = buildCountingPlan(data, plan.finalVoted(), seed);
  const k = counting.counts();
  console.log(
    `  counting night: ${n(k.record)} records, ${n(k.confirm)} confirmations, ${k.return} returned and corrected, ` +
      `${k.wrong + k.early} deliberately wrong, ${k.retry} network retries`,
  );
  return { plan, counting };
}

async function main() {
  const { values } = parseArgs({
    options: {
      election: { type: 'string', default: 'qh16-2026' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      seed: { type: 'string', default: '2026' },
      speed: { type: 'string', default: '288' },
      from: { type: 'string', default: '05:00' },
      small: { type: 'boolean', default: false },
      tokens: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      'turnout-only': { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
  const speed = values.speed === 'max' ? 'max' : Number(values.speed);
  if (speed !== 'max' && !(speed > 0)) fail(`--speed must be a positive number or 'max', got ${values.speed}`);
  if (!localTimeSchema.safeParse(values.from).success) fail(`--from must be HH:MM, got ${values.from}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) fail('--concurrency must be 1–64');
  const url = values.url.replace(/\/+$/, '');
  const id = values.election;

  const tokens = readTokensFile(values.tokens ?? defaultTokensPath(id));
  const { plan, counting } = makePlan(id, seed, values.small);
  const areas = plan.areas;

  // The server must hold the same election: compare its list size with the regenerated data before sending.
  const before = await fetchNation(url, id);
  if (!before)
    fail(`cannot read ${url}/api/v1/scopes/nation?election=${id}: is the server up and the election loaded?`);
  const registered = areas.reduce((s, a) => s + a.registered.na, 0);
  if (before.registered !== registered || before.areas !== areas.length) {
    fail(
      `the server's ${id} has ${before.areas} areas / ${before.registered} voters but seed ${seed}` +
        `${values.small ? ' --small' : ''} gives ${areas.length} / ${registered}: use the loader's --seed and --small`,
    );
  }
  console.log(`  ${url}: ${formatNation(before)}; speed ${speed === 'max' ? 'max' : `${speed}×`}, from ${values.from}`);

  const abort = new AbortController();
  process.once('SIGINT', () => {
    console.log('  stopping after the current tick…');
    abort.abort();
    // The tick's requests retry while the server is away; do not outlive the system we were started with.
    setTimeout(() => process.exit(130), 5000).unref();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => process.exit(143));
  // Incidents follow the same simulated clock beside the turnout reports (province committees report and triage).
  const incidents = values['turnout-only']
    ? null
    : new IncidentSim(url, planIncidents(areas, plan.electionDate, seed), (p) => tokens.provinces.get(p));
  const dayFrom = localInstant(plan.electionDate, values.from);
  const dayStart = Date.now();
  const incidentTimer = setInterval(() => {
    const until = speed === 'max' ? Infinity : dayFrom + (Date.now() - dayStart) * speed;
    void incidents?.tick(until);
  }, 250);
  const s = await runSimulation({ url, plan, tokens, speed, from: values.from, concurrency, signal: abort.signal });
  clearInterval(incidentTimer);
  if (incidents && !s.aborted) {
    await incidents.tick(Infinity);
    const st = incidents.stats;
    console.log(`  incidents: ${st.reported} reported, ${st.steps} triage steps, ${st.failed} refused or failed`);
  }

  console.log(
    `\n  ${s.aborted ? 'stopped' : 'done'} at ${s.reached} (simulated) in ${(s.durationMs / 1000).toFixed(1)} s`,
  );
  console.log(`  ${formatStats(s)}`);
  console.log(
    `  ${s.requests.toLocaleString('vi-VN')} requests (${s.resent} re-sent after 503/network errors), ` +
      `${s.itemsPerSec.toLocaleString('vi-VN')} reports/s; network retries answered as replays: ${s.retriesReplayed}/${s.planned.retry}`,
  );
  console.log(`  ${formatNation(s.nation)}`);
  if (s.rejectedUnexpected) {
    console.log(`  unexpected answers (first ${s.unexpectedSamples.length}):`);
    for (const line of s.unexpectedSamples) console.log(`    ${line}`);
  }
  if (!s.aborted && !values['turnout-only']) {
    // The counting night (§2.5–2.9) follows on the same simulated clock, from where the day's reports ended.
    const reached = Date.parse(`${s.reached.replace(' ', 'T')}:00+07:00`);
    const fromMs = Math.max(localInstant(plan.electionDate, '19:00'), Number.isNaN(reached) ? 0 : reached);
    const k = await runCounting({
      url,
      plan: counting,
      tokens,
      speed,
      fromMs,
      concurrency,
      signal: abort.signal,
      log: (l) => console.log(l),
    });
    console.log(
      `  counting: sent ${k.sent} · accepted ${k.accepted} · replayed ${k.replayed} · rejected as expected ` +
        `${k.rejectedExpected} · unexpected ${k.rejectedUnexpected}`,
    );
    for (const line of k.unexpectedSamples) console.log(`    ${line}`);
  }
  if (s.aborted) {
    const flags = `--election ${id} --url ${url} --seed ${seed}${values.small ? ' --small' : ''} --speed ${values.speed}`;
    console.log(`  resume with: npm run simulate -- ${flags} --from ${s.reached.slice(11)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
