/** Measures a national reference import's write and swap against REDIS_URL (a scratch Redis). */
import { generateNational } from '@ecc/fixtures';
import { contentHash } from '../services/reference-import.service.js';
import { createRedis } from '../store/redis.js';
import { replaceReference } from '../store/reference-swap.js';
import { loadReference } from '../store/reference.store.js';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6399', 60_000, 'measure');
await redis.connect();
const t0 = Date.now();
const data = generateNational({ election: { id: 'measure-national' } });
const t1 = Date.now();
await loadReference(redis, data);
const t2 = Date.now();
const hash = contentHash(data);
const t3 = Date.now();
const keys = await replaceReference(redis, data, hash);
const t4 = Date.now();
console.log({ generateMs: t1 - t0, loadMs: t2 - t1, hashMs: t3 - t2, replaceMs: t4 - t3, stagedKeys: keys });
await redis.quit();
