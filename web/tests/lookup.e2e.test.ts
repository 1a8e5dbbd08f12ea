import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { electionKeys } from '../../server/src/store/keys.js';
import { foldDiacritics } from '../src/lib/format/search.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * The public lookup (issue 8) in Debian's Chromium on a phone-sized screen, with anonymous reads of the
 * operations API switched off: a commune and a polling area found by text typed without diacritics, then the
 * area's hours, units, candidates and map; the QR address opens the same page.
 */
const WAIT_MS = 8000;
// jsqr is CommonJS with a `default` in its types only: under NodeNext the function is `.default` for tsc.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  d: Uint8ClampedArray,
  w: number,
  h: number,
) => { data: string } | null;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 5 });
  // A committee uploaded one candidate's photo (as PUT …/photo stores it): the public profile shows it.
  const img = new PNG({ width: 40, height: 50 });
  img.data.fill(180);
  await redis.set(electionKeys(seed.data.election.id).photo(photoCandidate().id), PNG.sync.write(img));
  app = await startApp(inject('redisUrl'), {
    ELECTION_ID: seed.data.election.id,
    WEB_DIR: BUILD_DIR,
    PUBLIC_READS: '0',
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

/** An area whose commune name and address carry diacritics, so typing without them proves the folding. */
function pickArea(): PollingArea {
  return seed.data.areas.find((a) => {
    const c = seed.data.communes.find((x) => x.code === a.communeCode)!;
    return foldDiacritics(c.name) !== c.name.toLowerCase() && foldDiacritics(a.address) !== a.address.toLowerCase();
  })!;
}

function photoCandidate() {
  return seed.data.candidates.find((c) => c.unitId === pickArea().units.na)!;
}

async function expectAreaPage(a: PollingArea): Promise<void> {
  await page.waitForSelector(`[data-testid="area-detail"][data-id="${a.id}"]`, { timeout: WAIT_MS });
  expect((await page.textContent('[data-testid="area-address"]'))?.trim()).toBe(a.address);
  const hours = ((await page.textContent('[data-testid="area-hours"]')) ?? '').replace(/\s+/g, ' ');
  expect(hours).toMatch(
    /15\/03\/2026, từ 07:00 đến 19:00 \(tổ bầu cử có thể bắt đầu từ 05:00, kết thúc muộn nhất 21:00\)/,
  );
  const na = ((await page.textContent('[data-testid="unit-na"]')) ?? '').replace(/\s+/g, ' ');
  for (const c of seed.data.candidates.filter((x) => x.unitId === a.units.na)) expect(na).toContain(c.fullName);
  expect(na).toMatch(/Sinh ngày \d{2}\/\d{2}\/\d{4}/);
  expect(await page.$('[data-testid="unit-pc"]')).not.toBeNull();
  // The commune's outline and the area's marker, drawn from the bundled files (no tile server).
  await page.waitForSelector('[data-testid="area-map"][data-ready="true"] .leaflet-overlay-pane path', {
    timeout: WAIT_MS,
  });
  expect(await page.$$eval('[data-testid="area-map"] .leaflet-overlay-pane path', (p) => p.length)).toBeGreaterThan(1);
  expect(await page.$('.leaflet-tile')).toBeNull();
  expect(await page.textContent('[data-testid="results"]')).toMatch(/chưa được xác nhận|sẽ được công bố/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('public lookup /tra-cuu', () => {
  it('finds a commune and a polling area typed without diacritics, on a phone, without signing in', async () => {
    const a = pickArea();
    const commune = seed.data.communes.find((c) => c.code === a.communeCode)!;
    await page.goto(`${app.url}/tra-cuu?election=${seed.data.election.id}`);
    await page.fill('[data-testid="commune-search"]', foldDiacritics(commune.name).toUpperCase());
    await page.click(`[data-testid="commune-option"][data-code="${commune.code}"]`, { timeout: WAIT_MS });
    await page.waitForSelector('[data-testid="area-search"]', { timeout: WAIT_MS });
    // The address without its diacritics, in a different case, narrows the list to that area.
    await page.fill('[data-testid="area-search"]', foldDiacritics(a.address));
    const ids = await page.$$eval('[data-testid="area-option"]', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids).toContain(a.id);
    expect(ids.length).toBeLessThan(seed.data.areas.filter((x) => x.communeCode === a.communeCode).length);
    await page.click(`[data-testid="area-option"][data-id="${a.id}"]`);
    await expectAreaPage(a);
    writeFileSync(join(ARTIFACTS, 'lookup-390x844.png'), await page.screenshot({ fullPage: true }));
    // The page's own QR code opens the same address as the poster's.
    const qr = PNG.sync.read(await (await page.waitForSelector('[data-testid="area-qr"] img'))!.screenshot());
    expect(jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height)?.data).toBe(
      `${app.url}/tra-cuu/${a.id}?election=${seed.data.election.id}`,
    );
    // A candidate's name opens the public profile: published fields and the uploaded photo.
    const cand = photoCandidate();
    await page.click(`[data-testid="candidate-link"][data-id="${cand.id}"]`);
    await page.waitForSelector(`[data-testid="candidate-profile"][data-id="${cand.id}"]`, { timeout: WAIT_MS });
    expect(await page.textContent('[data-testid="candidate-profile"] h2')).toBe(cand.fullName);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="candidate-photo"]') as HTMLImageElement | null)?.naturalWidth === 40,
      undefined,
      { timeout: WAIT_MS },
    );
    writeFileSync(join(ARTIFACTS, 'lookup-candidate-390x844.png'), await page.screenshot({ fullPage: true }));
    // Public snapshots only: no socket, no operations API, no session.
    expect(requests.filter((p) => p.startsWith('/socket.io') || p.startsWith('/api/v1/scopes'))).toEqual([]);
    expect(requests.some((p) => p.startsWith('/api/v1/auth'))).toBe(false);
    expect(await page.context().cookies()).toEqual([]);
  });

  it("opens an area's page from its QR address, in Vietnamese first and English on request", async () => {
    const a = seed.data.areas.find((x) => x.votingDate < seed.data.election.date) ?? seed.data.areas[3]!;
    await page.goto(`${app.url}/tra-cuu/${a.id}?election=${seed.data.election.id}`);
    await page.waitForSelector(`[data-testid="area-detail"][data-id="${a.id}"]`, { timeout: WAIT_MS });
    if (a.votingDate < seed.data.election.date)
      expect(await page.textContent('[data-testid="area-detail"]')).toContain('Bỏ phiếu sớm ngày');
    expect(await page.textContent('h2')).toBe('Vị trí trên bản đồ (vị trí minh họa trong xã, phường)');
    await page.click('button[lang="en"]');
    await page.waitForFunction(() => document.querySelector('h2')?.textContent?.startsWith('On the map'));
    await page.click('button[lang="vi"]');
  });
});
