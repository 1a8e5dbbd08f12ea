import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toVnIso } from '@ecc/shared';
import type { PollingArea } from '@ecc/shared';
import { atLocal, post, redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { formatInt } from '../src/lib/format/numbers.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * The support desk's /status on the built app, a real server and Redis, in Debian's Chromium: this server
 * instance shown ready with its PID, Redis's AOF on, silent reporters by province (most silent first), an
 * instance that stopped reporting shown stale, and the last values kept, marked stale, while the API is down.
 */
const WAIT_MS = 10_000;
const MIN_SCREENSHOT_BYTES = 40_000;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let page: Page;
let election: string;
const ghostId = `ghost-${process.pid}-${Date.now()}`;

interface Status {
  instances: { id: string; pid: number; ready: boolean }[];
  silentByProvince: { code: string; name: string; silent: number }[];
}
const status = async () => (await (await fetch(`${app.url}/api/v1/status?election=${election}`)).json()) as Status;

async function report(area: PollingArea, time: string, key: string): Promise<void> {
  const body = {
    pollingAreaId: area.id,
    voted: Math.floor(area.registered.na * 0.5),
    at: atLocal(seed.data.election.date, time),
  };
  const r = await post(app.url, '/api/v1/turnout', seed.teamTokens.get(area.id)!, body, key);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

async function screenshot(name: string): Promise<void> {
  const png = await page.screenshot({ fullPage: false });
  writeFileSync(join(ARTIFACTS, name), png);
  expect(png.length).toBeGreaterThan(MIN_SCREENSHOT_BYTES);
}

/**
 * Waits for the row of this test's own server instance (it runs in this process), found by its PID cell, in
 * `health`, and (with `lag`) that many events behind the nation's seq.
 */
const ownRow = (health: string, lag?: number) =>
  page.waitForFunction(
    ([pid, h, l]) =>
      [...document.querySelectorAll('[data-testid="instance-row"]')].some(
        (r) =>
          r.getAttribute('data-health') === h &&
          (l === '' || r.getAttribute('data-lag') === l) &&
          r.querySelector('[data-testid="instance-pid"]')?.textContent?.trim() === pid,
      ),
    [String(process.pid), health, lag === undefined ? '' : String(lag)] as const,
    { timeout: WAIT_MS },
  );

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  election = seed.data.election.id;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: election, WEB_DIR: BUILD_DIR });
  // One province's areas report at 10:00: the simulated clock passes the 09:00 checkpoint, the rest are silent.
  const areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  const first = areas[0]!.provinceCode;
  for (const [i, a] of areas.filter((x) => x.provinceCode === first).entries())
    await report(a, '10:00', `status-report-${i}`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.del(`ecc:instance:${ghostId}`);
  await redis?.quit();
});

describe('/status', () => {
  it('shows this instance ready with its PID, Redis with AOF on, and silent reporters by province', async () => {
    await page.goto(`${app.url}/status?election=${election}`);
    // The instance publishes its report every 2 s: the one after the reports has seen the nation's last seq.
    await ownRow('ready', 0);
    const aof = page.locator('[data-testid="redis-aof"]');
    expect(await aof.getAttribute('data-level')).toBe('ok');
    expect((await aof.textContent())?.replace(/\s+/g, ' ').trim()).toBe('AOF Bật');
    expect(await page.getAttribute('[data-testid="redis-aofWrite"]', 'data-level')).toBe('ok');

    const server = await status();
    const rows = page.locator('[data-testid="silent-row"]');
    expect(await rows.count()).toBe(seed.data.provinces.length);
    const shown = await rows.evaluateAll((els) =>
      els.map((e) => ({ code: e.getAttribute('data-code'), count: e.querySelector('strong')?.textContent?.trim() })),
    );
    const expected = [...server.silentByProvince].sort((a, b) => b.silent - a.silent || a.code.localeCompare(b.code));
    expect(expected[0]!.silent).toBeGreaterThan(0);
    expect(shown).toEqual(expected.map((p) => ({ code: p.code, count: formatInt(p.silent) })));
    const name = await page.textContent(`[data-testid="silent-row"][data-code="${expected[0]!.code}"] .name`);
    expect(name).toBe(expected[0]!.name);
    expect(await page.textContent('[data-testid="status-updated"]')).toMatch(/^\s*Cập nhật \d+ giây trước\s*$/);
    expect(await page.getAttribute('[data-testid="status"]', 'data-stale')).toBe('false');
    await screenshot('status-1920x1080.png');
  });

  it('shows an instance whose last report is older than 10 s as stale', async () => {
    const old = Date.now() - 30_000;
    const ghost = {
      id: ghostId,
      host: 'ghost-host',
      pid: 4242,
      startedAt: toVnIso(old - 60_000),
      reportedAt: toVnIso(old),
      ready: true,
      sockets: 0,
      ingestRate: 0,
      lastSeq: {},
      lastPubsubAt: null,
      rssBytes: 100 * 1024 * 1024,
      eventLoopLagMs: 1,
    };
    await redis.set(`ecc:instance:${ghostId}`, JSON.stringify(ghost), { EX: 60 });
    await page.waitForSelector(`[data-testid="instance-row"][data-id="${ghostId}"][data-health="stale"]`, {
      timeout: WAIT_MS,
    });
    await ownRow('ready');
    await redis.del(`ecc:instance:${ghostId}`);
    // Gone from Redis: still listed, as missing, so the desk sees what disappeared.
    await page.waitForSelector(`[data-testid="instance-row"][data-id="${ghostId}"][data-health="missing"]`, {
      timeout: WAIT_MS,
    });
  });

  it('keeps the last values, marked stale, while the API is unreachable, and recovers by itself', async () => {
    await page.context().setOffline(true);
    await page.waitForSelector('[data-testid="status"][data-stale="true"]', { timeout: WAIT_MS });
    expect(await page.textContent('[data-testid="status-updated"]')).toMatch(
      /Không đọc được trạng thái — giữ số liệu lúc \d{2}:\d{2}:\d{2}, đang tự thử lại…/,
    );
    await ownRow('ready');
    expect(await page.locator('[data-testid="silent-row"]').count()).toBe(seed.data.provinces.length);
    await screenshot('status-offline-1920x1080.png');
    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid="status"][data-stale="false"]', { timeout: WAIT_MS });
    await ownRow('ready');
  });

  it('has a compact wall-panel mode, in English on request, that fits its screen', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${app.url}/status?election=${election}&panel=1&lang=en`);
    await ownRow('ready');
    expect(await page.$('header .brand')).toBeNull();
    expect(await page.locator('[data-testid="silent-row"]').count()).toBe(Math.min(8, seed.data.provinces.length));
    expect(await page.textContent('[data-testid="redis-aof"] dd')).toBe('On');
    expect(
      await page.evaluate(
        () =>
          document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth,
      ),
    ).toBe(true);
    await screenshot('status-panel-1280x720.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
  });
});
