import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { makeAccount, PASSWORD } from '../../server/test/accounts.js';
import { atLocal, post, redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { formatInt } from '../src/lib/format/numbers.js';
import { foldDiacritics } from '../src/lib/format/search.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * The built web app served by a real server on a real Redis, driven by Debian's Chromium: live national figures,
 * a report moving them, diacritic-free search, drill-down, screenshots, and the stale banner when the link drops.
 */
const WAIT_MS = 8000;
const MIN_SCREENSHOT_BYTES = 30_000;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let page: Page;
let areas: PollingArea[];

const nation = async () =>
  (await (await fetch(`${app.url}/api/v1/scopes/nation?election=${seed.data.election.id}`)).json()) as {
    figures: { voted: number; registered: number };
  };

/** Waits until the element's trimmed text is exactly `text`. */
async function waitText(selector: string, text: string, timeout = WAIT_MS): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
    [selector, text] as const,
    { timeout },
  );
}

const status = (s: string, timeout = WAIT_MS) =>
  page.waitForSelector(`[data-testid="connection"][data-status="${s}"]`, { timeout });

/** Reports `share` of the area's registered voters as having voted; returns the count sent. */
async function report(area: PollingArea, share: number, time: string, key: string): Promise<number> {
  const voted = Math.floor(area.registered.na * share);
  const r = await post(
    app.url,
    '/api/v1/turnout',
    seed.teamTokens.get(area.id)!,
    {
      pollingAreaId: area.id,
      voted,
      at: atLocal(seed.data.election.date, time),
    },
    key,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return voted;
}

async function screenshot(name: string, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  const png = await page.screenshot({ fullPage: false });
  writeFileSync(join(ARTIFACTS, name), png);
  expect(png.length).toBeGreaterThan(MIN_SCREENSHOT_BYTES);
}

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, WEB_DIR: BUILD_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('console', (m) => console.log('[page]', m.text()));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('national overview', () => {
  it('shows the national figures live and moves them when a polling team reports', async () => {
    const before = await nation();
    await page.goto(`${app.url}/?election=${seed.data.election.id}`);
    await status('live');
    await waitText('[data-testid="registered"]', formatInt(before.figures.registered));
    await waitText('[data-testid="voted"]', formatInt(before.figures.voted));
    expect(await page.textContent('[data-testid="scope-name"]')).toBe('Toàn quốc');

    const sent = await report(areas[0]!, 0.61, '08:00', 'e2e-overview-0001');
    const after = await nation();
    expect(after.figures.voted).toBe(before.figures.voted + sent);
    await waitText('[data-testid="voted"]', formatInt(after.figures.voted));
    expect(await page.textContent('[data-testid="turnout"]')).toMatch(/^\d{1,3},\d{2} %$/);
  });

  it('finds a province typed without diacritics, in any case, and drills down to it', async () => {
    const province = seed.data.provinces.find((p) => foldDiacritics(p.name) !== p.name.toLowerCase())!;
    const others = seed.data.provinces.filter((p) => p.code !== province.code);
    for (const q of [foldDiacritics(province.name), foldDiacritics(province.name).toUpperCase()]) {
      await page.fill('[data-testid="search"]', q);
      await page.waitForSelector(`[data-testid="children"] tr[data-id="${province.code}"]`, { timeout: WAIT_MS });
      for (const o of others) expect(await page.$(`[data-testid="children"] tr[data-id="${o.code}"]`)).toBeNull();
    }
    await page.fill('[data-testid="search"]', '');
    await screenshot('overview-1920x1080.png', 1920, 1080);

    await page.click(`[data-testid="children"] tr[data-id="${province.code}"] a`);
    await page.waitForURL(`**/province/${province.code}?election=${seed.data.election.id}`);
    await waitText('[data-testid="scope-name"]', province.fullName);
    await page.waitForSelector('[data-testid="children"] tbody tr[data-id]');
    await screenshot('province-800x1280.png', 800, 1280);

    const area = areas[0]!;
    const commune = seed.data.communes.find((c) => c.code === area.communeCode)!;
    await page.click(`[data-testid="children"] tr[data-id="${commune.code}"] a`);
    await waitText('[data-testid="scope-name"]', commune.fullName);
    await waitText(`[data-testid="children"] tr[data-id="${area.id}"] td.reporting`, 'Đã báo cáo');
    expect(await page.textContent('nav ol')).toContain(province.name);
    await screenshot('commune-800x1280.png', 800, 1280);

    await page.click('[data-testid="back"]');
    await waitText('[data-testid="scope-name"]', province.fullName);
    await page.click('[data-testid="back"]');
    await page.waitForSelector('[data-testid="scope-name"]:text-is("Toàn quốc")');
    await screenshot('overview-800x1280.png', 800, 1280);
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('switches to English and keeps the choice across a reload', async () => {
    await page.click('button[lang="en"]');
    await waitText('[data-testid="scope-name"]', 'Nationwide');
    await page.reload();
    await status('live');
    await waitText('[data-testid="scope-name"]', 'Nationwide');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('button[lang="vi"]');
    await waitText('[data-testid="scope-name"]', 'Toàn quốc');
  });

  it('keeps the last figures marked stale when the link drops, and catches up when it returns', async () => {
    const shown = (await nation()).figures.voted;
    await page.context().setOffline(true);
    app.app.io.disconnectSockets(true);
    await page.waitForSelector('[data-testid="connection"]:is([data-status="offline"], [data-status="stale"])', {
      timeout: WAIT_MS,
    });
    await page.waitForSelector('[data-testid="figures"].stale', { timeout: WAIT_MS });
    expect(await page.textContent('[data-testid="stale-since"]')).toMatch(/^Dữ liệu cũ từ \d{2}:\d{2}:\d{2}$/);
    expect(await page.textContent('[data-testid="voted"]')).toBe(formatInt(shown));

    const sent = await report(areas[1]!, 0.37, '09:00', 'e2e-overview-0002');
    const server = (await nation()).figures.voted;
    expect(server).toBe(shown + sent);
    await screenshot('offline-1920x1080.png', 1920, 1080);
    expect(await page.textContent('[data-testid="voted"]')).toBe(formatInt(shown));

    await page.context().setOffline(false);
    await status('live', 15_000);
    await waitText('[data-testid="voted"]', formatInt(server));
    expect(await page.$('[data-testid="figures"].stale')).toBeNull();
  }, 60_000);
});

describe('sign-in and admin pages', () => {
  it('signs an admin in, then shows the account review and the audit log', async () => {
    const admin = await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id);
    await page.goto(`${app.url}/signin`);
    await page.fill('input[autocomplete="username"]', admin);
    await page.fill('input[autocomplete="current-password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/accounts$/, { timeout: WAIT_MS });
    await page.waitForSelector(`td:text-is("${admin}")`, { timeout: WAIT_MS });
    await page.goto(`${app.url}/admin/audit`);
    await page.waitForSelector('td:text-is("auth:sign-in")', { timeout: WAIT_MS });
    await screenshot('audit-1280x800.png', 1280, 800);
    // The page booted under a CSP that allows no inline script but the hashed boot script.
    const csp = (await fetch(`${app.url}/admin/audit`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  }, 60_000);
});
