import type { TestProject } from 'vitest/node';
import { startRedis } from './redis-server.js';

/** One real redis-server for the suite; tests isolate themselves by election namespace (or start their own). */
export default async function setup(project: TestProject) {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return async () => redis.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
