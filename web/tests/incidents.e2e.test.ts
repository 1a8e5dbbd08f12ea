import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea, Role } from '@ecc/shared';
import { makeAccount, signIn, withSession } from '../../server/test/accounts.js';
import type { Session } from '../../server/test/accounts.js';
import { redisClient, seedElection, startApp } from '../../server/test/helpers.js';
import type { RunningApp, Seeded } from '../../server/test/helpers.js';
import type { Redis } from '../../server/src/store/redis.js';
import type {} from '../../server/test/global-setup.js'; // declares inject('redisUrl')
import { foldDiacritics } from '../src/lib/format/search.js';
import { ARTIFACTS, BUILD_DIR, buildIfNeeded, launchChromium } from './harness.js';

/**
 * Incidents end to end in Chromium: a liaison's phone reports and the province's wall shows it live; a report
 * made offline arrives once when the network returns; the operations room takes one from new to closed; and
 * descriptions carrying script never run on any page.
 */
const WAIT_MS = 8000;
const PHONE = { width: 390, height: 844 };

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let browser: Browser;
let home: PollingArea;
const sessions: Record<string, Session> = {};
const contexts: BrowserContext[] = [];

async function account(name: string, role: Role, place: Parameters<typeof makeAccount>[2]) {
  const u = await makeAccount(redis, role, place, seed.data.election.id, name);
  sessions[name] = (await signIn(app.url, u)).session;
}

/** A browser context signed in as `who` (the session cookies the server issued), with an XSS tripwire. */
async function open(who: string, viewport: { width: number; height: number }, path: string) {
  const ctx = await browser.newContext({ viewport, hasTouch: viewport.width < 500 });
  contexts.push(ctx);
  const url = new URL(app.url);
  await ctx.addCookies(
    sessions[who]!.cookie.split('; ').map((c) => {
      const i = c.indexOf('=');
      return { name: c.slice(0, i), value: c.slice(i + 1), domain: url.hostname, path: '/' };
    }),
  );
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('dialog', (d) => {
    xssFired.push(`dialog on ${path}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(app.url + path);
  return { ctx, page };
}
const xssFired: string[] = [];

async function fillReport(page: Page, description: string, areaQuery: string, areaId: string) {
  await page.click('label.chip:has(input[value="security-order"])');
  await page.click('label.chip:has(input[value="critical"])');
  await page.fill('[data-testid="place-search"]', areaQuery);
  await page.click(`button[role="option"]:has-text("${areaId}")`);
  await page.fill('[data-testid="description"]', description);
  await page.click('[data-testid="submit"]');
}

const listed = async (who: string, description: string) => {
  const r = await withSession(
    app.url,
    sessions[who]!,
    'GET',
    `/api/v1/incidents?scope=commune:${home.communeCode}&limit=1000`,
  );
  return (r.body.incidents as { id: string; description: string }[]).filter((i) => i.description === description);
};

beforeAll(async () => {
  await buildIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  home = seed.data.areas.find((a) => a.votingDate === seed.data.election.date)!;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, WEB_DIR: BUILD_DIR });
  const commune = { level: 'commune' as const, province: home.provinceCode, commune: home.communeCode };
  await account('liaison', 'security-liaison', commune);
  await account('committee', 'commune-committee', commune);
  await account('province', 'provincial-committee', { level: 'province', province: home.provinceCode });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
  await redis?.quit();
});

describe('incidents in the browser', () => {
  it('a phone report shows on the province wall within 2 s, with its number on the phone', async () => {
    const wall = await open(
      'province',
      { width: 1920, height: 1080 },
      `/wall?province=${home.provinceCode}&scenes=map`,
    );
    await wall.page.waitForSelector('[data-testid="wall-incidents"]', { timeout: WAIT_MS });
    const phone = await open('liaison', PHONE, '/incidents/report');
    await phone.page.waitForSelector('[data-testid="place-search"]', { timeout: WAIT_MS });
    const query = foldDiacritics(home.name).toUpperCase(); // typed without diacritics, in capitals
    await fillReport(phone.page, 'Tụ tập đông người trước điểm bỏ phiếu', query, home.id);
    const number = await phone.page.waitForSelector('[data-testid="incident-number"]', { timeout: WAIT_MS });
    const id = (await number.textContent())!.trim();
    await phone.page.screenshot({ path: join(ARTIFACTS, 'incident-report-390x844.png'), fullPage: true });
    expect(id).toMatch(/^\d{2}-\d{5}$/);
    // The wall shows it: the ticker item appears within 2 s of the phone showing the number.
    await wall.page.waitForSelector(`[data-testid="wall-incident-ticker"] li[data-id="${id}"]`, { timeout: 2000 });
    expect(await wall.page.textContent('[data-testid="wall-incidents-critical"] strong')).toBe('1');
    await wall.page.screenshot({ path: join(ARTIFACTS, 'incident-wall-1920x1080.png') });
  }, 60_000);

  it('a report made offline waits on the phone and arrives exactly once when the network returns', async () => {
    const phone = await open('liaison', PHONE, '/incidents/report');
    await phone.page.waitForSelector('[data-testid="place-search"]', { timeout: WAIT_MS });
    await phone.ctx.setOffline(true);
    const text = `Mất điện tại điểm bỏ phiếu ${Date.now()}`;
    await fillReport(phone.page, text, home.id, home.id);
    await phone.page.waitForSelector('[data-testid="outbox-waiting"]:has-text("1")', { timeout: WAIT_MS });
    await phone.page.waitForSelector('[data-testid="offline-note"]', { timeout: WAIT_MS });
    expect(await listed('committee', text)).toEqual([]);
    await phone.ctx.setOffline(false);
    const number = await phone.page.waitForSelector('[data-testid="incident-number"]', { timeout: 15_000 });
    await phone.page.waitForSelector('[data-testid="outbox-waiting"]:not(:has-text("1"))', { timeout: WAIT_MS });
    const found = await listed('committee', text);
    expect(found.map((i) => i.id)).toEqual([(await number.textContent())!.trim()]);
    // A reload (and the outbox starting again) sends nothing more.
    await phone.page.reload();
    await phone.page.waitForSelector('[data-testid="outbox-waiting"]', { timeout: WAIT_MS });
    expect(await listed('committee', text)).toHaveLength(1);
  }, 60_000);

  it('the operations room takes an incident from new to closed, with the timeline shown', async () => {
    const created = await withSession(
      app.url,
      sessions.liaison!,
      'POST',
      '/api/v1/incidents',
      {
        category: 'fire-rescue',
        severity: 'high',
        pollingAreaId: home.id,
        observedAt: `${seed.data.election.date}T09:00:00+07:00`,
        description: 'Chập điện ở nhà văn hóa',
      },
      { headers: { 'idempotency-key': `e2e-triage-${Date.now()}` } },
    );
    const id = created.body.id as string;
    const desk = await open('committee', { width: 1280, height: 800 }, '/incidents');
    await desk.page.click(`[data-testid="incident-row"][data-id="${id}"]`, { timeout: WAIT_MS });
    for (const to of ['acknowledged', 'in-progress', 'resolved', 'closed']) {
      await desk.page.click(`[data-testid="move-${to}"]`, { timeout: WAIT_MS });
      await desk.page.waitForFunction(
        ([want]) => document.querySelector('[data-testid="detail-state"]')?.getAttribute('data-state') === want,
        [to],
        { timeout: WAIT_MS },
      );
    }
    await desk.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="timeline"] li').length === 5,
      undefined,
      {
        timeout: WAIT_MS,
      },
    );
    await desk.page.screenshot({ path: join(ARTIFACTS, 'incident-triage-1280x800.png'), fullPage: true });
    const steps = await desk.page.$$eval('[data-testid="timeline"] li .what', (els) => els.map((e) => e.textContent));
    expect(steps).toHaveLength(5);
    expect(steps[4]).toMatch(/Đã đóng/);
  }, 60_000);

  it('descriptions carrying script run nothing on the desk, the wall or the phone', async () => {
    const corpus = [
      '<script>window.__xss = 1; alert(1)</script>',
      '<img src=x onerror="window.__xss = 2; alert(2)">',
      '<a href="javascript:window.__xss = 3; alert(3)">bấm vào đây</a>',
      '<svg onload="window.__xss = 4; alert(4)"><circle r=10 /></svg>',
      '"><iframe srcdoc="<script>parent.__xss = 5</script>"></iframe>',
      '{@html "<b>x</b>"} ${alert(6)} {{constructor.constructor("alert(7)")()}}',
    ];
    const ids: string[] = [];
    for (const [n, description] of corpus.entries()) {
      const r = await withSession(
        app.url,
        sessions.liaison!,
        'POST',
        '/api/v1/incidents',
        {
          category: 'cyber-information',
          severity: 'critical',
          pollingAreaId: home.id,
          observedAt: `${seed.data.election.date}T10:0${n}:00+07:00`,
          description,
        },
        { headers: { 'idempotency-key': `e2e-xss-${n}-${Date.now()}` } },
      );
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    const desk = await open('committee', { width: 1280, height: 800 }, '/incidents');
    for (const id of ids) {
      await desk.page.click(`[data-testid="incident-row"][data-id="${id}"]`, { timeout: WAIT_MS });
      await desk.page.waitForSelector(`[data-testid="detail-description"]`, { timeout: WAIT_MS });
    }
    const shownText = await desk.page.textContent('[data-testid="detail-description"]');
    expect(shownText).toBe(corpus.at(-1));
    const wall = await open('province', { width: 1920, height: 1080 }, `/wall?province=${home.provinceCode}`);
    await wall.page.waitForSelector(`[data-testid="wall-incident-ticker"] li[data-id="${ids.at(-1)}"]`, {
      timeout: WAIT_MS,
    });
    for (const p of [desk.page, wall.page]) {
      expect(await p.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(await p.$$('[data-testid="incident-detail"] img[src="x"], iframe, a[href^="javascript:"]')).toEqual([]);
    }
    expect(xssFired).toEqual([]);
  }, 90_000);
});
