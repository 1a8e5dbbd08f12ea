import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeAccount, PASSWORD } from '../../server/test/accounts.js';
import { redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { formatInt } from '../src/lib/format/numbers.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/** A commune committee records a voter-list change on screen and sees its report move (issue 8). */
const WAIT_MS = 8000;
let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 9 });
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, WEB_DIR: BUILD_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('voter-list changes on screen', () => {
  it('records a change and shows the commune report with the new list total', async () => {
    const a = seed.data.areas.find((x) => x.votingDate === seed.data.election.date)!;
    const province = a.provinceCode;
    const user = await makeAccount(
      redis,
      'commune-committee',
      { level: 'commune', province, commune: a.communeCode },
      seed.data.election.id,
    );
    await page.goto(`${app.url}/signin`);
    await page.fill('input[autocomplete="username"]', user);
    await page.fill('input[autocomplete="current-password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: WAIT_MS });
    await page.goto(`${app.url}/admin/voter-changes?scope=commune:${a.communeCode}`);
    const end = `[data-testid="voters-report"] tr[data-code="${a.id}"] [data-testid="end"]`;
    await page.waitForSelector(end, { timeout: WAIT_MS });
    expect((await page.textContent(end))?.trim()).toBe(formatInt(a.registered.na));
    expect(await page.textContent('h1')).toBe('Biến động danh sách cử tri');

    await page.fill('[data-testid="voters-area"]', a.id);
    await page.selectOption('[data-testid="voters-reason"]', 'deceased');
    await page.fill('[data-testid="voters-count"]', '2');
    await page.fill('[data-testid="voters-effective"]', `${seed.data.election.date}T10:00`);
    await page.click('[data-testid="voters-submit"]');
    await page.waitForSelector('[data-testid="voters-notice"]', { timeout: WAIT_MS });
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
      [end, formatInt(a.registered.na - 2)] as const,
      { timeout: WAIT_MS },
    );
    expect(await page.textContent('[data-testid="voters-changes"]')).toContain('Chết');
    writeFileSync(join(ARTIFACTS, 'voter-changes-1280x900.png'), await page.screenshot({ fullPage: true }));
  }, 60_000);
});
