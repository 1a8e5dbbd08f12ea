/**
 * Stage 5 of `npm run bench` (issue 7): 1,000 and then 5,000 connected viewers. For each: server RSS, end-to-end
 * latency seen by every viewer of the timed communes while reports flow, and the fan-out of a national checkpoint
 * (the ingest script called directly, so the server's CPU is fan-out only) against raw Socket.io replaying the
 * same plan (rooms, members, messages per room, message sizes) over the same time.
 */
import { oneByOne, percentile, rawIngest } from './burst.js';
import { procCpuUs } from './cpu.js';
import { ELECTION_ID } from './stack.js';
import type { StageContext } from './stage-context.js';
import { n } from './stage-context.js';
import { ViewerFleet, rssMb, startRawFanout, timedReports, viewerScopes } from './viewers.js';

const WORKERS = 4;
const SAMPLES = 200;
const INTERVAL_MS = 50;
const DRAIN_MS = 1500;
const SLOTS = [
  { total: 1000, e2e: ['19:20', 0.99], burst: ['20:00', 0.992] },
  { total: 5000, e2e: ['20:10', 0.994], burst: ['20:40', 0.996] },
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function viewerStage(c: StageContext): Promise<void> {
  const fleet = new ViewerFleet(WORKERS);
  const raw = await startRawFanout();
  try {
    const rss0 = rssMb(c.server.pid);
    let rss5000 = NaN;
    for (const slot of SLOTS) {
      const split = c.day.latencySplit(6, SAMPLES, slot.e2e[0], slot.e2e[1], `e2ev${slot.total}`);
      const viewers = viewerScopes(c.data.areas, slot.total, split.communes);
      const watch = [...new Set(split.reports.map((r) => r.areaId))];
      const opened = await fleet.open({ url: c.server.url, election: ELECTION_ID, raw: false, viewers, watch });
      await sleep(2000);
      const rss = rssMb(c.server.pid);
      if (slot.total === 5000) rss5000 = rss;
      c.log(
        `${n(opened.opened)} viewers connected and subscribed (${opened.failed} failed${opened.firstError ? `: ${opened.firstError}` : ''}); server RSS ${n(rss)} MB`,
      );

      // End to end, with background reports one by one on the other areas.
      await c.quiet(`latency with ${slot.total} viewers`);
      const background = oneByOne(
        c.server.url,
        c.day.teamReports(slot.e2e[0], slot.e2e[1], `bgv${slot.total}`, split.background),
        {
          connections: 32,
          overallRate: 2000,
          durationS: Math.ceil((SAMPLES * INTERVAL_MS) / 1000) + 3,
        },
      );
      await sleep(1000);
      const sent = await timedReports(c.server.url, split.reports, INTERVAL_MS);
      const bg = await background;
      const lat = await fleet.latency(sent.accepted);
      const p50 = percentile(lat.latencies, 50);
      const p99 = percentile(lat.latencies, 99);
      c.log(
        `e2e with ${slot.total} viewers: ${n(lat.latencies.length)} deliveries timed, p50 ${n(p50)} ms, p99 ${n(p99)} ms, ` +
          `${lat.missing} missing, ${sent.failures} reports failed; background ${n(bg.perSecond)}/s ${JSON.stringify(bg.statuses)}`,
      );

      // Fan-out of a national checkpoint, then raw Socket.io replaying the same plan.
      await c.quiet(`fan-out with ${slot.total} viewers`);
      await fleet.reset();
      let cpu0 = procCpuUs(c.server.pid);
      const t0 = performance.now();
      const items = c.day.batchItems(slot.burst[0], slot.burst[1], `fan${slot.total}`);
      await rawIngest(c.store, ELECTION_ID, items, { size: 1000, inFlight: 4 });
      await sleep(DRAIN_MS);
      const seconds = (performance.now() - t0) / 1000;
      const appCpuUs = procCpuUs(c.server.pid) - cpu0;
      const app = await fleet.count();
      await fleet.close();

      await fleet.open({ url: raw.url, election: ELECTION_ID, raw: true, viewers, watch: [] });
      await fleet.reset();
      cpu0 = procCpuUs(raw.pid);
      await raw.emit(app.plan, seconds - DRAIN_MS / 1000);
      await sleep(DRAIN_MS);
      const rawCpuUs = procCpuUs(raw.pid) - cpu0;
      const rawCount = await fleet.count();
      await fleet.close();

      const appPerCpu = app.deliveries / (appCpuUs / 1e6);
      const rawPerCpu = rawCount.deliveries / (rawCpuUs / 1e6);
      c.log(
        `fan-out with ${slot.total} viewers: ${n(app.deliveries)} deliveries in ${seconds.toFixed(1)} s, server CPU ` +
          `${n(appCpuUs / 1000)} ms; raw Socket.io: ${n(rawCount.deliveries)} deliveries, CPU ${n(rawCpuUs / 1000)} ms`,
      );
      const k = slot.total === 1000 ? '1k' : '5k';
      const who = `${n(slot.total)} viewers`;
      c.fig(`e2e_p50_ms_${k}`, `${who}: report accepted → update, p50`, p50, 'ms');
      c.fig(`e2e_p99_ms_${k}`, `${who}: report accepted → update, p99`, p99, 'ms', { op: '<=', value: 1000 });
      c.fig(
        `fanout_deliveries_per_s_${k}`,
        `${who}: fan-out deliveries/s`,
        app.deliveries / seconds,
        'deliveries/s',
        undefined,
        rawCount.deliveries / seconds,
      );
      c.fig(
        `fanout_deliveries_per_cpu_s_${k}`,
        `${who}: deliveries per server CPU-second`,
        appPerCpu,
        'deliveries/CPU-s',
        undefined,
        rawPerCpu,
      );
      c.fig(`fanout_ratio_to_raw_${k}`, `${who}: fan-out efficiency vs raw Socket.io`, appPerCpu / rawPerCpu, 'ratio', {
        op: '>=',
        value: 0.7,
      });
      c.notes.push(
        `${who} (${WORKERS} viewer processes, websocket transport; each watches the nation, one province and one ` +
          `commune, a tenth of them the ${split.communes.length} communes whose reports are timed). End to end: ` +
          `${sent.accepted.length} reports one every ${INTERVAL_MS} ms (${sent.failures} failed), each timed at every ` +
          `viewer of its commune from the HTTP response to the first update with children[area].seq ≥ areaSeq: ` +
          `${n(lat.latencies.length)} deliveries, ${lat.missing} missing; background ${n(bg.perSecond)} reports/s. ` +
          `Fan-out: a national checkpoint (${n(items.length)} reports) through the ingest script directly, so the ` +
          `server only fans out: ${n(app.deliveries)} deliveries to ${app.plan.length} rooms in ${seconds.toFixed(1)} s ` +
          `for ${n(appCpuUs / 1000)} ms of server CPU. Ceiling: a bare Socket.io server emitting the same number of ` +
          `messages of the same size to the same rooms and members over the same time: ${n(rawCount.deliveries)} ` +
          `deliveries for ${n(rawCpuUs / 1000)} ms of CPU. Efficiency = deliveries per CPU-second, ours ÷ raw.`,
      );
    }
    const perK = (rss5000 - rss0) / 5;
    c.fig('server_rss_mb_per_1k_viewers', 'Server RSS per 1,000 viewers', perK, 'MB');
    c.notes.push(
      `Server RSS per 1,000 viewers: (${n(rss5000)} MB with 5,000 connected and subscribed − ${n(rss0)} MB with none) ÷ 5.`,
    );
  } finally {
    await fleet.stop();
    await raw.stop();
  }
}
