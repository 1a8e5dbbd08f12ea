import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

/** Where `npm run dev` sends API and socket traffic: the local server unless API_URL says otherwise. */
const API_URL = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // `source` makes the workspace package @ecc/shared resolve to its TypeScript sources.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
  build: {
    rollupOptions: {
      // (onLog, not onwarn: SvelteKit sets its own onwarn for the client build.)
      onLog(level, log, handler) {
        // zod's sources mention `@__PURE__` inside prose comments; Rollup notes it drops them. Nothing to fix here.
        if (log.code === 'INVALID_ANNOTATION' && log.id?.includes('/node_modules/zod/')) return;
        handler(level, log);
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: API_URL, changeOrigin: true },
      '/socket.io': { target: API_URL, ws: true, changeOrigin: true },
    },
  },
});
