import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Figures, PollingArea } from '@ecc/shared';
import { atLocal, post, redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { formatInt, formatPercent } from '../src/lib/format/numbers.js';
import { NO_DATA_COLOR, turnoutColor } from '../src/lib/map/colors.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * The wall (/wall) on the built app, a real server and Redis, in Debian's Chromium: figures and a province's
 * colour follow reports; a dropped link leaves the last picture marked stale and recovers to the server's exact
 * figures; the kiosk parameters; 1080p and 4K without scrolling; /overview on a tablet in both orientations.
 */
const WAIT_MS = 10_000;
const MIN_SCREENSHOT_BYTES = 60_000;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let page: Page;
let areas: PollingArea[];
let election: string;

interface View {
  figures: Figures;
  childList: (Figures & { id: string })[];
}
const view = async (scope: string) =>
  (await (await fetch(`${app.url}/api/v1/scopes/${scope}?election=${election}`)).json()) as View;
const province = async (code: string) => (await view('nation')).childList.find((c) => c.id === code)!;
const colourOf = (f: Figures) => turnoutColor(f.voted, f.registered, f.reporting);

async function waitText(selector: string, text: string, timeout = WAIT_MS): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
    [selector, text] as const,
    { timeout },
  );
}
async function waitAttr(selector: string, attr: string, value: string, timeout = WAIT_MS): Promise<void> {
  await page.waitForFunction(
    ([sel, a, want]) => document.querySelector(sel!)?.getAttribute(a!) === want,
    [selector, attr, value] as const,
    { timeout },
  );
}
const ready = () => page.waitForSelector('[data-testid="wall"][data-ready="true"]', { timeout: WAIT_MS });
const open = async (query: string) => {
  await page.goto(`${app.url}/wall?election=${election}${query}`);
  await ready();
};

async function report(area: PollingArea, share: number, time: string, key: string): Promise<void> {
  const voted = Math.floor(area.registered.na * share);
  const body = { pollingAreaId: area.id, voted, at: atLocal(seed.data.election.date, time) };
  const r = await post(app.url, '/api/v1/turnout', seed.teamTokens.get(area.id)!, body, key);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Saves a screenshot and checks it is not blank: a real picture of the wall compresses to well over 60 kB. */
async function screenshot(name: string): Promise<void> {
  // Charts redraw at most 4 times a second: let the latest option reach the canvas first.
  await page.waitForFunction(() => !document.querySelector('[data-chart-pending="true"]'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const png = await page.screenshot({ fullPage: false });
  writeFileSync(join(ARTIFACTS, name), png);
  expect(png.length).toBeGreaterThan(MIN_SCREENSHOT_BYTES);
}

/** Share of the map canvas's pixels that something was drawn on (0 for a blank map). */
const mapInk = () =>
  page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas');
    if (!c || !c.width || !c.height) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) inked++;
    return inked / (c.width * c.height);
  });

/** Neither scrollbar: the page fits its viewport exactly. */
const fits = () =>
  page.evaluate(() => {
    const e = document.documentElement;
    return e.scrollWidth <= innerWidth && e.scrollHeight <= innerHeight;
  });

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  election = seed.data.election.id;
  areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: election, WEB_DIR: BUILD_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('wall display', () => {
  it('shows the national figures and moves them, and one province’s colour, when polling teams report', async () => {
    const code = areas[0]!.provinceCode;
    await open('&scenes=map');
    const before = await view('nation');
    await waitText('[data-testid="wall-registered"]', formatInt(before.figures.registered));
    await waitAttr('[data-testid="map"]', `data-fill-${code}`, NO_DATA_COLOR);

    const own = areas.filter((a) => a.provinceCode === code);
    for (const [i, a] of own.entries()) await report(a, 0.62, '10:00', `wall-a-${i}`);
    const after = await view('nation');
    expect(after.figures.voted).toBeGreaterThan(before.figures.voted);
    await waitText('[data-testid="wall-voted"]', formatInt(after.figures.voted));
    await waitText('[data-testid="wall-turnout"]', formatPercent(after.figures.voted, after.figures.registered));
    const fill = colourOf(await province(code));
    expect(fill).not.toBe(NO_DATA_COLOR);
    await waitAttr('[data-testid="map"]', `data-fill-${code}`, fill);
    expect(await mapInk()).toBeGreaterThan(0.05);
    expect(await fits()).toBe(true);
    await screenshot('wall-1920x1080.png');
  });

  it('keeps the last picture marked stale when the link drops, then recovers to the exact server figures', async () => {
    const code = areas[0]!.provinceCode;
    const shown = await view('nation');
    await page.context().setOffline(true);
    app.app.io.disconnectSockets(true);
    await page.waitForSelector('[data-testid="connection"]:is([data-status="offline"], [data-status="stale"])', {
      timeout: WAIT_MS,
    });
    await page.waitForSelector('[data-testid="wall-figures"][data-stale="true"]', { timeout: WAIT_MS });
    expect(await page.textContent('[data-testid="stale-since"]')).toMatch(/^Dữ liệu cũ từ \d{2}:\d{2}:\d{2}$/);

    // Everyone in the province now at 97 %: the server moves, the stale wall must not pretend to.
    const own = areas.filter((a) => a.provinceCode === code);
    for (const [i, a] of own.entries()) await report(a, 0.97, '15:00', `wall-b-${i}`);
    const server = await view('nation');
    expect(server.figures.voted).toBeGreaterThan(shown.figures.voted);
    await screenshot('wall-offline-1920x1080.png');
    expect(await page.textContent('[data-testid="wall-voted"]')).toBe(formatInt(shown.figures.voted));

    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid="connection"][data-status="live"]', { timeout: 20_000 });
    await waitText('[data-testid="wall-voted"]', formatInt(server.figures.voted));
    await waitText('[data-testid="wall-turnout"]', formatPercent(server.figures.voted, server.figures.registered));
    await waitText(
      '[data-testid="wall-reporting"]',
      `${formatInt(server.figures.reporting)} / ${formatInt(server.figures.areas)}`,
    );
    await waitAttr('[data-testid="map"]', `data-fill-${code}`, colourOf(await province(code)));
    expect(await page.$('[data-testid="wall-figures"][data-stale="true"]')).toBeNull();
  }, 60_000);

  it('follows the kiosk parameters: focus, language, theme and scene rotation', async () => {
    const area = areas[0]!;
    const commune = seed.data.communes.find((c) => c.code === area.communeCode)!;
    const prov = seed.data.provinces.find((p) => p.code === area.provinceCode)!;
    await open(`&province=${prov.code}&commune=${commune.code}&scenes=map`);
    await waitText('[data-testid="wall-focus"]', `${prov.fullName} · ${commune.name}`);
    expect(await page.getAttribute('[data-testid="map"]', 'data-focus')).toBe('');
    await screenshot('wall-commune-1920x1080.png');

    await open('&lang=en&theme=light&scenes=map,charts&interval=5');
    await waitText('[data-testid="wall-focus"]', 'Nationwide');
    expect(await page.getAttribute('[data-testid="wall"]', 'data-scene')).toBe('map');
    await page.waitForSelector('[data-testid="wall"][data-scene="charts"]', { timeout: 8000 });
    await page.waitForSelector('[data-testid="units-chart"][data-chart-ready="true"]');
    await screenshot('wall-charts-light-1920x1080.png');
  }, 40_000);

  it('scales to 3840×2160 with the same layout, no scrolling', async () => {
    await page.setViewportSize({ width: 3840, height: 2160 });
    await open('&scenes=map');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('40px');
    expect(await fits()).toBe(true);
    expect(await mapInk()).toBeGreaterThan(0.05);
    await screenshot('wall-3840x2160.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await open('&scenes=map');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
  }, 40_000);
});

describe('/overview on a tablet', () => {
  for (const [w, h] of [
    [800, 1280],
    [1280, 800],
  ] as const) {
    it(`opens the national overview at ${w}×${h}, keeping the election, without sideways scrolling`, async () => {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${app.url}/overview?election=${election}`);
      await page.waitForURL(`${app.url}/?election=${election}`);
      await page.waitForSelector('[data-testid="children"] tbody tr[data-id]', { timeout: WAIT_MS });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
      const png = await page.screenshot();
      writeFileSync(join(ARTIFACTS, `tablet-overview-${w}x${h}.png`), png);
      expect(png.length).toBeGreaterThan(30_000);
    });
  }
});
