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
      output: {
        // The wall's two large libraries in chunks of their own: cached across deploys of the app's own code, and
        // each under the 500 kB warning line.
        manualChunks(id) {
          if (id.includes('/node_modules/leaflet/')) return 'leaflet';
          if (id.includes('/node_modules/echarts/') || id.includes('/node_modules/zrender/')) return 'echarts';
          return undefined;
        },
      },
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
