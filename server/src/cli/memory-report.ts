/**
 * `npm run memory:report -- [--url redis://…] [--match 'ecc:*'] [--top 30]`: Redis memory per key family (issue 7),
 * largest first, as a Markdown table (see ops/memory-families.ts). Reads only; on a national day ~1 M keys take
 * about a minute.
 */
import { parseArgs } from 'node:util';
import { familyTable, memoryReport } from '../ops/memory-families.js';
import { createRedis } from '../store/redis.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6390' },
    match: { type: 'string', default: '*' },
    top: { type: 'string', default: '30' },
  },
});
const redis = createRedis(values.url, 60_000, 'memory-report');
await redis.connect();
try {
  const used = Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1]) / 2 ** 20;
  const families = await memoryReport(redis, values.match);
  console.log(`Redis used_memory ${used.toFixed(0)} MB\n`);
  console.log(familyTable(families, Number(values.top)));
} finally {
  await redis.quit();
}
