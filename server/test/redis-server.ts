// Tests start real redis-servers with the same helper the drills and benchmarks use.
export { freePort, startRedis } from '../src/ops/redis-process.js';
export type { RedisProcess } from '../src/ops/redis-process.js';
