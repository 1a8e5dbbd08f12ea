/**
 * Stage 7 of `npm run bench` (issue 7): twice the expected peak at once on one server process — a national
 * checkpoint through the batch endpoint with 32 requests in flight (32,000 items offered at once: the national
 * software pushing eight times harder than the 4 in flight of stage 2) while the other half of the areas report one
 * by one on 192 connections (twice stage 1). Excess must be refused with 503 + Retry-After, memory must stay
 * bounded, and resending everything with the same keys must then be accepted exactly once.
 */
import { batches, oneByOne } from './burst.js';
import type { StageContext } from './stage-context.js';
import { n } from './stage-context.js';
import { rssMb } from './viewers.js';

export async function overloadStage(c: StageContext, nationToken: string): Promise<void> {
  const even = (_: unknown, i: number) => i % 2 === 0;
  const odd = (_: unknown, i: number) => i % 2 === 1;
  const items = c.day.batchItems('20:58', 1, 'over').filter(even);
  const singles = c.day.teamReports('20:59', 1, 'over').filter(odd);
  const rssBefore = rssMb(c.server.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(c.server.pid))), 100);
  const [b, s] = await Promise.all([
    batches(c.server.url, nationToken, items, { size: 1000, inFlight: 32 }),
    oneByOne(c.server.url, singles, { connections: 192 }),
  ]);
  clearInterval(sampler);
  const refusedBatches = b.statuses['503'] ?? 0;
  const refusedSingles = s.statuses['503'] ?? 0;
  c.log(
    `2× peak: batches ${JSON.stringify(b.statuses)} (${n(b.ok)} items accepted), singles ${JSON.stringify(s.statuses)}; ` +
      `RSS ${n(rssBefore)} → peak ${n(rssPeak)} MB`,
  );
  // Everything again with the same keys: what was accepted is replayed, what was refused is accepted now.
  const again = await batches(c.server.url, nationToken, items, { size: 1000, inFlight: 4 });
  const againSingles = await oneByOne(c.server.url, singles, { connections: 48 });
  const exact = again.ok === items.length && againSingles.ok === singles.length;
  const rssAfter = rssMb(c.server.pid);
  c.fig('overload_refused_503', '2× peak: requests refused with 503', refusedBatches + refusedSingles, 'requests');
  c.fig('overload_rss_peak_mb', '2× peak: server RSS peak', rssPeak, 'MB', { op: '<=', value: 300 });
  c.fig('overload_resend_exact', '2× peak: resend accepted exactly once (1 = yes)', exact ? 1 : 0, 'bool', {
    op: '>=',
    value: 1,
  });
  c.notes.push(
    `2× peak on one process: ${n(items.length)} reports in batches of 1,000 with 32 in flight (answers ` +
      `${JSON.stringify(b.statuses)}) while ${n(singles.length)} other areas reported one by one on 192 connections ` +
      `(${JSON.stringify(s.statuses)}). Refused: ${refusedBatches} batches and ${refusedSingles} single reports, each ` +
      `503 OVERLOADED with Retry-After (MAX_PENDING_REPORTS = 20,000 items). Server RSS ${n(rssBefore)} MB before, ` +
      `${n(rssPeak)} MB at the peak (sampled every 100 ms), ${n(rssAfter)} MB after. Resending everything with the ` +
      `same keys: ${n(again.ok)} of ${n(items.length)} batch items and ${n(againSingles.ok)} of ${n(singles.length)} ` +
      `single reports accepted (replays of the accepted, first acceptance of the refused).`,
  );
}
