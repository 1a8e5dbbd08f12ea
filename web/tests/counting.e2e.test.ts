import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CountingRecord, PollingArea } from '@ecc/shared';
import { makeAccount, PASSWORD } from '../../server/test/accounts.js';
import { recordFor } from '../../server/test/counting-helpers.js';
import { redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * Counting through the built app in Debian's Chromium: a polling team signs in on a phone-sized screen, the form
 * names a broken §2.7 identity as it is typed, the record is sent, and the wall's counting progress moves; the
 * unit's Election Board confirms it and the wall shows it confirmed; the unit's results page draws the candidates.
 */
const WAIT_MS = 10_000;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let contexts: BrowserContext[] = [];
let area: PollingArea;
let rec: CountingRecord;

async function signedInPage(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const ctx = await browser.newContext({ viewport });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(`${app.url}/signin`);
  await page.fill('input[autocomplete="username"]', username);
  await page.fill('input[autocomplete="current-password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: WAIT_MS });
  return page;
}

const wallCount = (wall: Page, field: 'submitted' | 'confirmed', want: string) =>
  wall.waitForSelector(`[data-testid="wall-counting-na"][data-${field}="${want}"]`, { timeout: WAIT_MS });

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  area = seed.data.areas.find((a) => a.votingDate === seed.data.election.date)!;
  rec = recordFor(seed, area, 'na');
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, WEB_DIR: BUILD_DIR });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('counting in the browser', () => {
  it('a team enters its record on a phone and the wall’s counting progress moves; the board confirms it', async () => {
    const E = seed.data.election.id;
    const wallCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(wallCtx);
    const wall = await wallCtx.newPage();
    await wall.goto(`${app.url}/wall?election=${E}`);
    await wallCount(wall, 'submitted', '0');

    const team = await makeAccount(
      redis,
      'polling-team',
      { level: 'area', area: area.id, commune: area.communeCode, province: area.provinceCode },
      E,
    );
    const phone = await signedInPage(team, { width: 390, height: 844 });
    await phone.goto(`${app.url}/counting/entry?election=${E}`);
    await phone.waitForSelector('[data-testid="f-voters"]', { timeout: WAIT_MS });
    for (const f of ['voters', 'voted', 'issued', 'received', 'valid'] as const)
      await phone.fill(`[data-testid="f-${f}"]`, String(rec[f]));
    for (const v of rec.votes) await phone.fill(`[data-testid="v-${v.candidateId}"]`, String(v.votes));
    // One invalid ballot too many: the form names the broken identity, in Vietnamese, and will not send.
    await phone.fill('[data-testid="f-invalid"]', String(rec.invalid + 1));
    await phone.waitForSelector(
      '[data-testid="check"]:text("Số phiếu hợp lệ cộng số phiếu không hợp lệ phải bằng số phiếu thu vào.")',
      { timeout: WAIT_MS },
    );
    expect(await phone.isDisabled('[data-testid="send"]')).toBe(true);
    await phone.fill('[data-testid="f-invalid"]', String(rec.invalid));
    await phone.waitForSelector('[data-testid="send"]:not([disabled])', { timeout: WAIT_MS });
    writeFileSync(join(ARTIFACTS, 'counting-entry-390x844.png'), await phone.screenshot({ fullPage: true }));
    // One-handed on a phone: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.click('[data-testid="send"]');
    await phone.waitForSelector('[data-testid="sent"]', { timeout: WAIT_MS });
    await wallCount(wall, 'submitted', '1');
    writeFileSync(join(ARTIFACTS, 'wall-counting-1920x1080.png'), await wall.screenshot());

    const stored = (await (await fetch(`${app.url}/api/v1/counting/records/${area.id}/na?election=${E}`)).json()) as {
      state: string;
      history: { record: CountingRecord }[];
    };
    expect(stored.state).toBe('submitted');
    expect(stored.history.at(-1)!.record.valid).toBe(rec.valid);

    const boardUser = await makeAccount(
      redis,
      'election-board',
      { level: 'unit', unit: area.units.na, province: area.provinceCode },
      E,
    );
    const tablet = await signedInPage(boardUser, { width: 800, height: 1280 });
    await tablet.goto(`${app.url}/counting/review?election=${E}`);
    await tablet.click(`[data-testid="area-${area.id}"]`, { timeout: WAIT_MS });
    await tablet.click('[data-testid="confirm"]', { timeout: WAIT_MS });
    await tablet.waitForSelector('[data-testid="decided"]', { timeout: WAIT_MS });
    await wallCount(wall, 'confirmed', '1');
    await wallCount(wall, 'submitted', '0');

    // The tablet's national overview: progress per contest, and per province.
    await tablet.goto(`${app.url}/?election=${E}`);
    await tablet.waitForSelector('[data-testid="counting-na"][data-confirmed="1"]', { timeout: WAIT_MS });
    await tablet.waitForFunction(
      (code) =>
        document
          .querySelector(`[data-testid="counting-children"] tr[data-id="${code}"] td:nth-child(2)`)
          ?.textContent?.trim()
          .startsWith('1/'),
      area.provinceCode,
      { timeout: WAIT_MS },
    );

    await tablet.goto(`${app.url}/unit/${area.units.na}?election=${E}`);
    await tablet.waitForSelector('[data-testid="candidates"] tbody tr', { timeout: WAIT_MS });
    const rows = await tablet.$$('[data-testid="candidates"] tbody tr');
    expect(rows.length).toBe(rec.votes.length);
    await tablet.waitForSelector('[data-chart-ready="true"]', { timeout: WAIT_MS });
    writeFileSync(join(ARTIFACTS, 'unit-results-800x1280.png'), await tablet.screenshot({ fullPage: true }));
  });
});
