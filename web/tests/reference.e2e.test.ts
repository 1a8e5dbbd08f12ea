import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '@ecc/shared';
import { makeAccount, PASSWORD, signIn, withSession } from '../../server/test/accounts.js';
import type { Session } from '../../server/test/accounts.js';
import { redisClient, seedElection, startApp, uniqueElectionId } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import { electionKeys } from '../../server/src/store/keys.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * Issue 9 in the browser: an administrator uploads the committees' CSV files with errors into a drill, sees each
 * error by sheet and row, fixes the file and applies it; the drill then shows its DIỄN TẬP banner on every screen,
 * and a candidate's dossier page opens.
 */
const WAIT_MS = 10_000;
let app: RunningApp;
let redis: Redis;
let source: Seeded;
let browser: Browser;
let page: Page;
let admin: string;
let api: Session;
let drill: string;

const csv = async (sheet: string) => {
  const r = await fetch(`${app.url}/api/v1/elections/${source.data.election.id}/reference/${sheet}.csv`, {
    headers: { cookie: api.cookie },
  });
  return r.text();
};
const file = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  source = await seedElection(redis);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: source.data.election.id, WEB_DIR: BUILD_DIR });
  admin = await makeAccount(redis, 'admin', { level: 'nation' }, source.data.election.id);
  api = (await signIn(app.url, admin)).session;
  drill = uniqueElectionId('dt-e2e');
  const r = await withSession(app.url, api, 'POST', '/api/v1/elections', {
    id: drill,
    name: 'Diễn tập lần 1',
    kind: 'drill',
    date: source.data.election.date,
  });
  expect(r.status).toBe(201);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('reference import in the admin UI', () => {
  it('upload with errors → errors per row → fix → preview clean → apply', async () => {
    await page.goto(`${app.url}/signin`);
    await page.fill('input[autocomplete="username"]', admin);
    await page.fill('input[autocomplete="current-password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/accounts$/, { timeout: WAIT_MS });

    await page.goto(`${app.url}/admin/reference?election=${drill}`);
    // The administration bar links every admin page and keeps the room's election.
    const adminNav = page.getByRole('navigation', { name: 'Quản trị' });
    await expect.poll(() => adminNav.getByRole('link').count()).toBe(5);
    expect(await adminNav.getByRole('link', { name: 'Cuộc bầu cử' }).getAttribute('href')).toBe(
      `/admin/elections?election=${drill}`,
    );
    await page.waitForSelector('[data-testid="drill-banner"]', { timeout: WAIT_MS });
    const good = {
      areas: await csv('areas'),
      units: await csv('units'),
      candidates: await csv('candidates'),
      early: await csv('early'),
    };
    const rows = parseCsv(good.areas);
    rows[3]![5] = '5000'; // §1.2: more than 4,000 voters
    rows[5]![0] = '99999'; // not a commune
    const bad = rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');

    await page.setInputFiles('[data-testid="import-files"]', [
      file('khu-vuc.csv', bad),
      file('don-vi.csv', good.units),
      file('ung-cu-vien.csv', good.candidates),
      file('bo-phieu-som.csv', good.early),
    ]);
    await page.click('[data-testid="preview"]');
    await page.waitForSelector('[data-testid="issue-row"][data-row="4"][data-code="AREA_TOO_LARGE"]', {
      timeout: WAIT_MS,
    });
    const unknown = await page.waitForSelector('[data-testid="issue-row"][data-row="6"][data-code="UNKNOWN_COMMUNE"]');
    expect(await unknown.textContent()).toContain('99999');
    expect(await page.isDisabled('[data-testid="apply"]')).toBe(true);
    writeFileSync(join(ARTIFACTS, 'import-errors-1280x900.png'), await page.screenshot());
    expect(await redis.exists(electionKeys(drill).loaded)).toBe(0);

    await page.setInputFiles('[data-testid="import-files"]', [
      file('khu-vuc.csv', good.areas),
      file('don-vi.csv', good.units),
      file('ung-cu-vien.csv', good.candidates),
      file('bo-phieu-som.csv', good.early),
    ]);
    await page.click('[data-testid="preview"]');
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: WAIT_MS });
    expect(await page.$('[data-testid="issue-row"].sev-error')).toBeNull();
    await page.click('[data-testid="apply"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="import-note"]')?.textContent?.includes('Đã áp dụng'),
      undefined,
      { timeout: WAIT_MS },
    );
    expect(await redis.exists(electionKeys(drill).loaded)).toBe(1);
  }, 60_000);

  it('the drill shows its banner on the overview; a candidate’s dossier opens', async () => {
    await page.goto(`${app.url}/?election=${drill}`);
    const banner = await page.waitForSelector('[data-testid="drill-banner"]', { timeout: WAIT_MS });
    expect(await banner.textContent()).toContain('DIỄN TẬP / DRILL');
    writeFileSync(join(ARTIFACTS, 'drill-overview-1280x900.png'), await page.screenshot());
    const cand = source.data.candidates[0]!;
    await page.goto(`${app.url}/candidates/${cand.id}?election=${drill}`);
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="candidate-name"]')?.textContent?.trim() === name,
      cand.fullName,
      { timeout: WAIT_MS },
    );
    expect(await page.textContent('[data-testid="candidate-workplace"]')).toBe(cand.workplace);
    expect(await page.$('[data-testid="drill-banner"]')).not.toBeNull();
    // A real election has no banner.
    await page.goto(`${app.url}/?election=${source.data.election.id}`);
    await page.waitForSelector('[data-testid="connection"]', { timeout: WAIT_MS });
    expect(await page.$('[data-testid="drill-banner"]')).toBeNull();
  }, 60_000);
});
