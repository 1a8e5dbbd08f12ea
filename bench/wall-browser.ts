/**
 * The browser side of `npm run bench:wall`, in Debian's Chromium: cold loads of /wall timed to the page's own
 * `wall-ready` mark (every panel showing server data, painted), the JavaScript those loads fetched, and a page
 * instrumented for the burst: every province fill change with the time of the frame that showed it, and a
 * Chromium trace for the longest main-thread task.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { Painted } from './wall-analysis.js';

export const VIEWPORT = { width: 1920, height: 1080 };

export interface Script {
  url: string;
  /** What the chunk mostly is, recognised from its text (chunk names are content hashes). */
  label: string;
  raw: number;
  gzip: number;
}

function labelOf(text: string): string {
  if (text.includes('echarts')) return 'ECharts';
  if (text.includes('leaflet-container')) return 'Leaflet';
  if (text.includes('socket.io') || text.includes('ZodError')) return 'socket.io client, zod, shared';
  return 'app';
}
const READY_TIMEOUT_MS = 60_000;

export interface ColdLoad {
  /** Navigation start → `wall-ready` mark, ms. */
  readyMs: number;
  /** Every script the page fetched up to ready: raw and gzip -6 bytes (the server sends them uncompressed). */
  scripts: Script[];
}

/** One load in a fresh browser context (empty cache), waited until the wall says it is ready. */
export async function coldLoad(browser: Browser, url: string): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const bodies: Promise<Script | null>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    bodies.push(
      r.body().then(
        (b) => ({
          url: r.url(),
          label: labelOf(b.toString('utf8')),
          raw: b.length,
          gzip: gzipSync(b, { level: 6 }).length,
        }),
        () => null,
      ),
    );
  });
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid="wall"][data-ready="true"]', { timeout: READY_TIMEOUT_MS });
    const readyMs = await page.evaluate(() => performance.getEntriesByName('wall-ready')[0]?.startTime ?? NaN);
    const scripts = (await Promise.all(bodies)).filter((s): s is NonNullable<typeof s> => s !== null);
    return { readyMs, scripts };
  } finally {
    await context.close();
  }
}

/** Opens the wall for the burst and starts recording province fills and long tasks in the page. */
export async function openInstrumented(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(url);
  await page.waitForSelector('[data-testid="wall"][data-ready="true"]', { timeout: READY_TIMEOUT_MS });
  await page.evaluate(() => {
    const w = window as unknown as { __painted: [string, string, number][]; __longTasks: number[] };
    w.__painted = [];
    w.__longTasks = [];
    const map = document.querySelector('[data-testid="map"]')!;
    // Leaflet repaints its canvas on the next animation frame after setStyle: time the frame, not the call.
    new MutationObserver((changes) => {
      for (const c of changes) {
        const name = c.attributeName ?? '';
        if (!name.startsWith('data-fill-')) continue;
        const fill = map.getAttribute(name) ?? '';
        requestAnimationFrame(() => w.__painted.push([name.slice('data-fill-'.length), fill, Date.now()]));
      }
    }).observe(map, { attributes: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  return page;
}

export async function painted(page: Page): Promise<{ painted: Painted[]; longTasks: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __painted: [string, string, number][]; __longTasks: number[] };
    return { painted: w.__painted, longTasks: w.__longTasks };
  });
}

/** Records a Chromium trace of the page (main-thread tasks) around `during`. */
export async function traced<T>(browser: Browser, page: Page, during: () => Promise<T>): Promise<[T, unknown]> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const outcome = await during().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const buffer = await browser.stopTracing();
  if (!outcome.ok) throw outcome.error;
  return [outcome.value, JSON.parse(buffer.toString('utf8')) as unknown];
}
