import { defineConfig } from 'vitest/config';

// One config for every package: the `source` export condition makes workspace packages resolve to their TS sources.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{shared,fixtures,server,bench}/**/*.test.ts', 'web/src/**/*.test.ts', 'web/tests/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
