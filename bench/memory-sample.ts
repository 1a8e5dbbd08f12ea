/**
 * `npm run bench:memory-sample -- [--every 7]`: where Redis memory goes on an election day, in minutes instead of
 * the 20 of `bench:day` (issue 7). A fresh redis-server, the national fixtures loaded by the real loader, the real
 * server, and the real simulator at full speed — turnout day then counting night — for every `--every`-th province
 * only. Prints Redis memory per key family after loading and after the sample, and each family's growth scaled to
 * all 72,195 polling areas (families that grow per polling area scale linearly; the capped nation and province
 * logs are over-estimated by this, see the family's elements).
 */
import { parseArgs } from 'node:util';
import { generateNational } from '@ecc/fixtures';
import type { ReferenceData } from '@ecc/shared';
import { startRedis } from '../server/test/redis-server.js';
import { createRedis } from '../server/src/store/redis.js';
import { familyTable, keyFamily, memoryReport, type FamilyUsage } from '../server/src/ops/memory-families.js';
import { buildPlan } from '../server/src/sim/plan.js';
import { buildCountingPlan } from '../server/src/sim/counting-plan.js';
import { runSimulation } from '../server/src/sim/runner.js';
import { runCounting } from '../server/src/sim/counting-runner.js';
import { defaultTokensPath, readTokensFile } from '../server/src/sim/tokens.js';
import { localInstant } from '@ecc/shared';
import { REPO_ROOT, installCleanup, npmRun, spawnNodeServer } from './stack.js';
import { rssMb } from './viewers.js';
import { serverHeap } from './server-heap.js';

const { values } = parseArgs({
  options: { every: { type: 'string', default: '7' }, examples: { type: 'boolean', default: false } },
});
const ELECTION = 'mem-sample';
const started = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

/** The reference data of some provinces only (the plans then cover only their areas). */
function subset(data: ReferenceData, provinces: Set<string>): ReferenceData {
  return { ...data, areas: data.areas.filter((a) => provinces.has(a.provinceCode)) };
}

/** One key of each family and a few of its elements, to see what the bytes are. */
async function printExamples(families: string[]): Promise<void> {
  const want = new Set(families);
  const seen = new Set<string>();
  for await (const batch of redis.scanIterator({ MATCH: '*', COUNT: 2000 })) {
    for (const key of batch) {
      const f = keyFamily(key);
      if (!want.has(f) || seen.has(f)) continue;
      seen.add(f);
      const t = await redis.type(key);
      const v =
        t === 'list'
          ? await redis.lRange(key, 0, 3)
          : t === 'hash'
            ? Object.entries(await redis.hGetAll(key)).slice(0, 12)
            : t === 'stream'
              ? (await redis.xRange(key, '-', '+', { COUNT: 3 })).map((e) => [e.id, e.message])
              : t === 'zset'
                ? await redis.zRangeWithScores(key, 0, 3)
                : (await redis.get(key))?.slice(0, 200);
      console.log(`\n${f} (${t}) e.g. ${key}:\n${JSON.stringify(v, null, 1).slice(0, 1500)}`);
    }
    if (seen.size === want.size) break;
  }
}

installCleanup();
const redisProc = await startRedis({ appendfsync: 'always' });
const redis = createRedis(redisProc.url, 60_000, 'memory-sample');
await redis.connect();
const used = async () => Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]) / 2 ** 20;
try {
  const env = { REDIS_URL: redisProc.url };
  await npmRun('fixtures:load', ['--election', ELECTION], env);
  const loaded = await memoryReport(redis);
  const afterLoad = await used();
  log(`reference data: used_memory ${afterLoad.toFixed(0)} MB`);

  const data = generateNational({ seed: 2026, election: { id: ELECTION } });
  const every = Number(values.every);
  const provinces = new Set(data.provinces.filter((_, i) => i % every === 0).map((p) => p.code));
  const part = subset(data, provinces);
  const share = part.areas.length / data.areas.length;
  log(`sample: provinces ${[...provinces].join(', ')}: ${part.areas.length} of ${data.areas.length} areas`);

  const server = await spawnNodeServer(
    'server/src/main.ts',
    { PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisProc.url, ELECTION_ID: ELECTION, LOG_LEVEL: 'warn' },
    ['--max-old-space-size=192', '--max-semi-space-size=32'],
  );
  const rssStart = rssMb(server.pid);
  const tokens = readTokensFile(defaultTokensPath(ELECTION, REPO_ROOT));
  const plan = buildPlan(part, 2026);
  const counting = buildCountingPlan(part, plan.finalVoted(), 2026);
  const s = await runSimulation({ url: server.url, plan, tokens, speed: 'max', concurrency: 64 });
  log(
    `turnout day: ${s.requests} requests, unexpected ${s.rejectedUnexpected}; RSS ${rssMb(server.pid).toFixed(0)} MB`,
  );
  for (const line of s.unexpectedSamples) console.log(`    ${line}`);
  const afterDay = await used();
  const k = await runCounting({
    url: server.url,
    plan: counting,
    tokens,
    speed: 'max',
    fromMs: localInstant(plan.electionDate, '19:00'),
    concurrency: 64,
  });
  log(`counting night: sent ${k.sent}, accepted ${k.accepted}, unexpected ${k.rejectedUnexpected}`);
  for (const line of k.unexpectedSamples) console.log(`    ${line}`);
  const rssEnd = rssMb(server.pid);
  log(`server heap used / reserved, external: ${await serverHeap(server.url)}`);
  await server.stop();
  const afterNight = await used();
  const after = await memoryReport(redis);
  if (values.examples) await printExamples(after.slice(0, 14).map((f) => f.family));

  const base = new Map(loaded.map((f) => [f.family, f]));
  const grown: FamilyUsage[] = after
    .map((f) => {
      const b = base.get(f.family);
      return {
        ...f,
        keys: f.keys - (b?.keys ?? 0),
        bytes: f.bytes - (b?.bytes ?? 0),
        elements: f.elements - (b?.elements ?? 0),
      };
    })
    .filter((f) => f.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const scaled = grown.map((f) => ({
    ...f,
    keys: Math.round(f.keys / share),
    bytes: f.bytes / share,
    elements: Math.round(f.elements / share),
  }));
  const grownTotal = (afterNight - afterLoad) / share;
  console.log(`\nAfter loading (used_memory ${afterLoad.toFixed(0)} MB):\n\n${familyTable(loaded, 12)}`);
  console.log(
    `\nGrowth of the sample (${(share * 100).toFixed(1)} % of areas), per family:\n\n${familyTable(grown, 25)}`,
  );
  console.log(`\nThat growth scaled to every polling area:\n\n${familyTable(scaled, 25)}`);
  console.log(
    `\nused_memory: after loading ${afterLoad.toFixed(0)} MB, after the sample's day ${afterDay.toFixed(0)} MB, ` +
      `after its night ${afterNight.toFixed(0)} MB → national estimate ${(afterLoad + grownTotal).toFixed(0)} MB ` +
      `(day ${(afterLoad + (afterDay - afterLoad) / share).toFixed(0)} MB). Server RSS ${rssStart.toFixed(0)} → ${rssEnd.toFixed(0)} MB.`,
  );
} finally {
  await redis.quit().catch(() => {});
  await redisProc.stop();
}
process.exit(0);
