/**
 * Stage 6 of `npm run bench` (issue 7): the national burst one report per request into one server process, then
 * into two (reporters spread over both, as behind the balancer), on the same Redis. The load generator is the
 * same in both runs (two autocannon instances of 48 connections), so only the number of server processes changes.
 */
import { oneByOne } from './burst.js';
import type { BurstResult } from './burst.js';
import { ELECTION_ID, spawnNodeServer } from './stack.js';
import type { StageContext } from './stage-context.js';
import { n } from './stage-context.js';

async function twoWay(urls: [string, string], reports: Parameters<typeof oneByOne>[1]) {
  const halves = [reports.filter((_, i) => i % 2 === 0), reports.filter((_, i) => i % 2 === 1)];
  const t0 = performance.now();
  const r = await Promise.all(halves.map((h, i) => oneByOne(urls[i]!, h, { connections: 48 })));
  const seconds = (performance.now() - t0) / 1000;
  const ok = r.reduce((s, x: BurstResult) => s + x.ok, 0);
  return { ok, seconds, perSecond: ok / seconds, p99Ms: Math.max(...r.map((x) => x.p99Ms)) };
}

export async function scaleOutStage(c: StageContext): Promise<void> {
  const second = await spawnNodeServer(
    'server/src/main.ts',
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: c.redisUrl, ELECTION_ID, LOG_LEVEL: 'warn' },
    ['--max-old-space-size=192', '--max-semi-space-size=32'],
  );
  try {
    // Both processes warm, like the first one already is.
    await oneByOne(second.url, c.day.teamReports('20:44', 0.9965, 'warm2').slice(0, 3000), { connections: 48 });
    await c.quiet('one process');
    const one = await twoWay([c.server.url, c.server.url], c.day.teamReports('20:45', 0.997, 'one'));
    c.log(
      `one process: ${n(one.ok)} reports in ${one.seconds.toFixed(2)} s (${n(one.perSecond)}/s, p99 ${n(one.p99Ms)} ms)`,
    );
    await c.quiet('two processes');
    const two = await twoWay([c.server.url, second.url], c.day.teamReports('20:55', 0.999, 'two'));
    c.log(
      `two processes: ${n(two.ok)} reports in ${two.seconds.toFixed(2)} s (${n(two.perSecond)}/s, p99 ${n(two.p99Ms)} ms)`,
    );
    c.fig('scaleout_1_process_reports_per_s', 'One by one, 1 server process: reports/s', one.perSecond, 'reports/s');
    c.fig(
      'scaleout_2_processes_reports_per_s',
      'One by one, 2 server processes: reports/s',
      two.perSecond,
      'reports/s',
      undefined,
      one.perSecond,
    );
    c.fig('scaleout_ratio', 'One by one: 2 processes ÷ 1 process', two.perSecond / one.perSecond, 'ratio');
    c.notes.push(
      `Scale-out: a national burst one report per request into one server process (${n(one.ok)} accepted), then ` +
        `another into two processes on the same Redis with reporters split between them (${n(two.ok)} accepted); ` +
        `two autocannon instances of 48 connections each time. On this 2-core machine Redis, the load generator ` +
        `and the servers share the cores, so a second process adds parallel HTTP/JSON work but no new core.`,
    );
  } finally {
    await second.stop();
  }
}
