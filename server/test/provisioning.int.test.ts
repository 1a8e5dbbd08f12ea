import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { atLocal, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let admin: Session;
let commune: string;
let spare: string;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  // Usernames are global and every test election has the same codes: the matrix test provisions the first
  // commune of each province, so this suite takes the last two, which no other suite provisions.
  const withAreas = [...new Set(seed.data.areas.map((a) => a.communeCode))];
  commune = withAreas.at(-1)!;
  spare = withAreas.at(-2)!;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
  admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id)))
    .session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const e = () => seed.data.election.id;

describe('provisioning', () => {
  it("issues a commune's accounts once, and a team signs in with its one-time password and reports", async () => {
    const r = await withSession(app.url, admin, 'POST', `/api/v1/accounts/provision?election=${e()}`, { commune });
    expect(r.status).toBe(201);
    const areas = seed.data.areas.filter((a) => a.communeCode === commune);
    const boards = seed.data.units.filter((u) => u.communeCode === commune);
    expect(r.body.created).toBe(2 + areas.length + boards.length);
    const roles = new Set(r.body.accounts.map((a: { role: string }) => a.role));
    expect(roles).toEqual(
      new Set(
        ['commune-committee', 'security-liaison', 'polling-team', 'election-board'].filter(
          (x) => x !== 'election-board' || boards.length,
        ),
      ),
    );
    const again = await withSession(app.url, admin, 'POST', `/api/v1/accounts/provision?election=${e()}`, { commune });
    expect(again.body.created).toBe(0);

    const area = areas.find((a) => a.votingDate === seed.data.election.date)!;
    const team = r.body.accounts.find((a: { username: string }) => a.username === `tbc-${area.id}`);
    const s = await signIn(app.url, team.username, team.password);
    expect(s.body.mustChangePassword).toBe(true);
    const report = { pollingAreaId: area.id, voted: 3, at: atLocal(seed.data.election.date, '07:30') };
    const idem = { headers: { 'idempotency-key': 'k-prov-000001' } };
    // Until the one-time password is replaced, the session opens nothing else.
    const first = await withSession(app.url, s.session, 'POST', '/api/v1/turnout', report, idem);
    expect(first.status).toBe(403);
    expect(first.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const next = 'a new password of mine';
    const changed = await withSession(app.url, s.session, 'POST', '/api/v1/auth/password', {
      current: team.password,
      next,
    });
    expect(changed.status).toBe(204);
    const renewed = await signIn(app.url, team.username, next);
    expect(renewed.body.mustChangePassword).toBe(false);
    const ok = await withSession(app.url, renewed.session, 'POST', '/api/v1/turnout', report, idem);
    expect(ok.status).toBe(201);
    const list = await withSession(app.url, admin, 'GET', '/api/v1/accounts');
    const row = list.body.accounts.find((a: { username: string }) => a.username === team.username);
    expect(row).toMatchObject({ role: 'polling-team', status: 'active' });
    expect(row.lastSignInAt).toBeGreaterThan(0);
    expect(row.hash).toBeUndefined();
  });

  it('prints a per-commune PDF whose Vietnamese text survives extraction', async () => {
    const other = seed.data.communes.find((c) => c.code === spare)!;
    const res = await fetch(`${app.url}/api/v1/accounts/provision?format=pdf&election=${e()}`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ commune: other.code }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ecc-pdf-'));
    writeFileSync(join(dir, 'a.pdf'), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Tài khoản hệ thống điều hành bầu cử');
    expect(text).toContain('Tổ bầu cử');
    expect(text).toContain('Mật khẩu một lần');
    expect(text).toContain(`ubbc-${other.code}`);
  });

  it('imports CSV all or nothing, with row-level errors in Vietnamese and English', async () => {
    const bad = [
      'username,role,jurisdiction,name',
      `imp-ok-1,commune-committee,commune:${commune},Ủy ban xã`,
      `imp-bad-role,mayor,commune:${commune},x`,
      `imp-bad-place,commune-committee,province:01,x`,
      `imp-ok-1,commune-committee,commune:${commune},duplicate`,
    ].join('\n');
    const post = (csv: string) =>
      fetch(`${app.url}/api/v1/accounts/import`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
        body: csv,
      });
    const r = await post(bad);
    expect(r.status).toBe(422);
    const body = (await r.json()) as {
      error: { code: string; detail: { errors: { row: number; field: string; code: string; message: string }[] } };
    };
    expect(body.error.code).toBe('IMPORT_INVALID');
    expect(body.error.detail.errors.map((x) => [x.row, x.field, x.code])).toEqual([
      [3, 'role', 'INVALID_FIELD'],
      [4, 'jurisdiction', 'INVALID_JURISDICTION'],
      [5, 'username', 'USERNAME_TAKEN'],
    ]);
    expect(body.error.detail.errors[1]!.message).toMatch(/Phạm vi .* \/ The jurisdiction/);
    expect(await redis.exists('ecc:account:imp-ok-1')).toBe(0);
    const good = await post(bad.split('\n').slice(0, 2).join('\n'));
    expect(good.status).toBe(201);
    expect(((await good.json()) as { created: number }).created).toBe(1);
  });

  it('is for admins only', async () => {
    const leader = (
      await signIn(app.url, await makeAccount(redis, 'national-leader', { level: 'nation' }, e()), PASSWORD)
    ).session;
    expect((await withSession(app.url, leader, 'POST', '/api/v1/accounts/provision', { commune })).status).toBe(403);
  });
});
