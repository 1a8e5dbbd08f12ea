import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, IncidentSnapshot, IncidentUpdate, PollingArea, Role } from '@ecc/shared';
import { EV_INCIDENTS, isValidIncidentNumber } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { AuditStore } from '../src/store/audit.store.js';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { electionDigest } from './digest.js';
import { redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { gif, jpegWithExif, png, svgScript, webp } from './images.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let E: string;
let home: PollingArea;
let neighbour: PollingArea;
let away: PollingArea;
let photoDir: string;
const s: Record<string, Session> = {};
let keyN = 0;
const key = () => `inc-test-${process.pid}-${++keyN}`;

async function account(name: string, role: Role, place: Parameters<typeof makeAccount>[2]) {
  const u = await makeAccount(redis, role, place, E, name);
  s[name] = (await signIn(app.url, u)).session;
}

const report = (over: Record<string, unknown> = {}) => ({
  category: 'security-order',
  severity: 'critical',
  pollingAreaId: home.id,
  observedAt: `${seed.data.election.date}T08:00:00+07:00`,
  description: 'Một nhóm người tụ tập gây mất trật tự trước điểm bỏ phiếu',
  ...over,
});

function post(who: string, body: unknown, k: string | null = key()) {
  return withSession(app.url, s[who]!, 'POST', '/api/v1/incidents', body, {
    headers: k === null ? {} : { 'idempotency-key': k },
  });
}

async function upload(who: string, body: unknown, files: Buffer[], k = key(), contentType = 'image/jpeg') {
  const form = new FormData();
  form.append('incident', typeof body === 'string' ? body : JSON.stringify(body));
  files.forEach((f, i) => form.append('photos', new Blob([new Uint8Array(f)], { type: contentType }), `p${i}.jpg`));
  const res = await fetch(`${app.url}/api/v1/incidents`, {
    method: 'POST',
    headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'idempotency-key': k },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

const step = (who: string, id: string, body: unknown) =>
  withSession(app.url, s[who]!, 'POST', `/api/v1/incidents/${id}/events`, body);
const detail = (who: string, id: string) => withSession(app.url, s[who]!, 'GET', `/api/v1/incidents/${id}`);
const list = (who: string, scope: string) =>
  withSession(app.url, s[who]!, 'GET', `/api/v1/incidents?scope=${encodeURIComponent(scope)}`);
const files = () => readdirSync(photoDir).sort();

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  E = seed.data.election.id;
  const today = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  home = today[0]!;
  neighbour = today.find((a) => a.communeCode === home.communeCode && a.id !== home.id)!;
  away = today.find((a) => a.provinceCode !== home.provinceCode)!;
  photoDir = mkdtempSync(join(tmpdir(), 'ecc-photos-'));
  app = await startApp(inject('redisUrl'), { ELECTION_ID: E, INCIDENT_PHOTOS_DIR: photoDir });
  const homeCommune = { level: 'commune' as const, province: home.provinceCode, commune: home.communeCode };
  await account('liaison', 'security-liaison', homeCommune);
  await account('committee', 'commune-committee', homeCommune);
  await account('province', 'provincial-committee', { level: 'province', province: home.provinceCode });
  await account('team', 'polling-team', { ...homeCommune, level: 'area', area: home.id });
  await account('leader', 'national-leader', { level: 'nation' });
  await account('outsider', 'security-liaison', {
    level: 'commune',
    province: away.provinceCode,
    commune: away.communeCode,
  });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
  rmSync(photoDir, { recursive: true, force: true });
});

describe('§6 reporting an incident', () => {
  it('files a report, answers a number to read over the phone, and lists it with counts', async () => {
    const r = await post('liaison', report());
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    expect(isValidIncidentNumber(id)).toBe(true);
    expect(id.startsWith(`${home.provinceCode}-`)).toBe(true);
    expect(r.body.incident).toMatchObject({ state: 'new', pollingAreaId: home.id, commune: home.communeCode });
    const d = await detail('committee', id);
    expect(d.body.timeline).toEqual([
      expect.objectContaining({ version: 1, type: 'created', role: 'security-liaison' }),
    ]);
    const l = await list('committee', `commune:${home.communeCode}`);
    expect(l.body.incidents.map((i: { id: string }) => i.id)).toContain(id);
    expect(l.body.counts['new:critical']).toBeGreaterThanOrEqual(1);
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/incidents', '/api/v1/incidents/{id}/events']),
    );
    const audit = await new AuditStore(redis).query({ electionId: E, act: 'incident:report' });
    expect(audit.map((a) => a.target)).toContain(id);
  });

  it('a retry with the same Idempotency-Key creates nothing new; the same key with another body is refused', async () => {
    const k = key();
    const first = await post('liaison', report({ severity: 'low' }), k);
    const before = await electionDigest(redis, E);
    const again = await post('liaison', report({ severity: 'low' }), k);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await post('liaison', report({ severity: 'high' }), k);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await electionDigest(redis, E)).toBe(before);
  });

  it('without an area, a liaison reports at their own commune; a polling team at its own area', async () => {
    const r = await post('liaison', report({ pollingAreaId: undefined, lat: 21.03, lon: 105.85 }));
    expect(r.status).toBe(201);
    expect(r.body.incident).toMatchObject({ commune: home.communeCode, lat: 21.03, lon: 105.85 });
    expect(r.body.incident.pollingAreaId).toBeUndefined();
    const t = await post('team', report({ pollingAreaId: undefined, category: 'voting-interruption' }));
    expect(t.status).toBe(201);
    expect(t.body.incident.pollingAreaId).toBe(home.id);
  });

  it('bad input: 400 naming the field, 415 for a body that is not JSON or multipart; nothing written', async () => {
    const before = await electionDigest(redis, E);
    const cases: [Record<string, unknown>, string][] = [
      [{ category: undefined }, 'category'],
      [{ category: 'alien-landing' }, 'category'],
      [{ severity: 'extreme' }, 'severity'],
      [{ observedAt: '08:00' }, 'observedAt'],
      [{ description: '' }, 'description'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ pollingAreaId: '123' }, 'pollingAreaId'],
      [{ lat: 21.0 }, 'lon'],
      [{ extra: 1 }, '(body)'],
    ];
    for (const [over, field] of cases) {
      const r = await post('liaison', report(over));
      expect([r.status, r.body.error.field], JSON.stringify(over)).toEqual([400, field]);
      expect(r.body.error.message).toMatch(/ \/ /);
    }
    const noKey = await post('liaison', report(), null);
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'MISSING_IDEMPOTENCY_KEY']);
    const text = await withSession(app.url, s.liaison!, 'POST', '/api/v1/incidents', undefined, {
      headers: { 'content-type': 'text/plain', 'idempotency-key': key() },
    });
    expect(text.status).toBe(415);
    const unknownArea = await post('liaison', report({ pollingAreaId: `${home.communeCode}-9999` }));
    expect(unknownArea.status).toBe(404);
    expect(await electionDigest(redis, E)).toBe(before);
  });

  it('outside the jurisdiction → 403 (audited), and nothing written', async () => {
    const before = await electionDigest(redis, E);
    const r = await post('outsider', report());
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await electionDigest(redis, E)).toBe(before);
    const leader = await post('leader', report());
    expect(leader.status).toBe(403);
  });
});

describe('§6 photos', () => {
  it('keeps up to 3 photos by content hash with EXIF time and position; serves them only to readers', async () => {
    const jpeg = jpegWithExif({ takenAt: '2026:03:15 08:01:02', lat: 21.0285, lon: 105.8542 });
    const r = await upload('liaison', report(), [jpeg, png(), webp()]);
    expect(r.status).toBe(201);
    const photos = r.body.incident.photos as { sha256: string; type: string; takenAt?: string; lat?: number }[];
    expect(photos.map((p) => p.type)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(photos[0]).toMatchObject({ takenAt: '2026-03-15T08:01:02', lat: 21.0285, lon: 105.8542 });
    expect(files()).toEqual(photos.map((p) => p.sha256).sort());
    const path = `/api/v1/incidents/${r.body.id}/photos/${photos[0]!.sha256}`;
    const got = await fetch(app.url + path, { headers: { cookie: s.committee!.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(jpeg)).toBe(true);
    const denied = await fetch(app.url + path, { headers: { cookie: s.outsider!.cookie } });
    expect(denied.status).toBe(403);
    const anonymous = await fetch(app.url + path);
    expect(anonymous.status).toBe(401);
  });

  it('413 for a photo over 5 MB, 415 for anything but JPEG/PNG/WebP bytes, 400 for a 4th photo; nothing stored', async () => {
    const before = await electionDigest(redis, E);
    const had = files();
    const big = await upload('liaison', report(), [png(), png(5 * 1024 * 1024 + 1)]);
    expect([big.status, big.body.error.code, big.body.error.field]).toEqual([413, 'PHOTO_TOO_LARGE', 'photos.1']);
    const fresh = png(300); // a new photo before the bad one: must not stay on disk
    const type = await upload('liaison', report(), [fresh, gif()], key(), 'image/png');
    expect([type.status, type.body.error.code, type.body.error.field]).toEqual([415, 'PHOTO_TYPE', 'photos.1']);
    const svg = await upload('liaison', report(), [svgScript()], key(), 'image/png');
    expect(svg.status).toBe(415);
    const four = await upload('liaison', report(), [png(301), png(302), png(303), png(304)]);
    expect([four.status, four.body.error.field]).toEqual([400, 'photos']);
    const badJson = await upload('liaison', '{"category":', [png(305)]);
    expect([badJson.status, badJson.body.error.field]).toEqual([400, 'incident']);
    const badField = await upload('liaison', report({ severity: 'x' }), [png(306)]);
    expect([badField.status, badField.body.error.field]).toEqual([400, 'severity']);
    expect(files()).toEqual(had);
    expect(await electionDigest(redis, E)).toBe(before);
  });

  it('a reused key with other photos is refused and removes the files that request wrote', async () => {
    const k = key();
    expect((await upload('liaison', report(), [png(400)], k)).status).toBe(201);
    const had = files();
    const r = await upload('liaison', report(), [png(401)], k);
    expect(r.status).toBe(422);
    expect(files()).toEqual(had);
  });
});

describe('§7 triage', () => {
  it('new → acknowledged → in progress → resolved → closed, with every step in the timeline', async () => {
    const id = (await post('liaison', report())).body.id as string;
    expect((await step('liaison', id, { type: 'transition', to: 'acknowledged' })).status).toBe(200);
    const liaisonClose = await step('liaison', id, { type: 'transition', to: 'closed' });
    expect(liaisonClose.status).toBe(409); // acknowledged → closed is not a transition at all
    expect((await step('liaison', id, { type: 'transition', to: 'in-progress' })).status).toBe(200);
    expect((await step('liaison', id, { type: 'comment', text: 'Công an xã đã có mặt' })).status).toBe(200);
    expect((await step('liaison', id, { type: 'transition', to: 'resolved', note: 'Đã giải tán' })).status).toBe(200);
    const notMine = await step('liaison', id, { type: 'transition', to: 'closed' });
    expect([notMine.status, notMine.body.error.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    const closed = await step('committee', id, { type: 'transition', to: 'closed', version: 5 });
    expect(closed.status).toBe(200);
    expect(closed.body.incident).toMatchObject({ state: 'closed', version: 6 });
    expect(closed.body.incident.acknowledgedAt).toBeGreaterThan(0);
    expect(closed.body.incident.resolvedAt).toBeGreaterThan(0);
    const again = await step('committee', id, { type: 'transition', to: 'in-progress' });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
    const d = await detail('leader', id);
    expect(d.body.timeline.map((e: { type: string; data: { to?: string } }) => e.data.to ?? e.type)).toEqual([
      'created',
      'acknowledged',
      'in-progress',
      'comment',
      'resolved',
      'closed',
    ]);
    expect(d.body.timeline[5]).toMatchObject({ role: 'commune-committee', version: 6 });
  });

  it('a stale version is refused with 409 and changes nothing; bad steps name their field', async () => {
    const id = (await post('liaison', report())).body.id as string;
    const before = await electionDigest(redis, E);
    const stale = await step('committee', id, { type: 'transition', to: 'acknowledged', version: 7 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'INCIDENT_CHANGED']);
    const bad = await step('committee', id, { type: 'transition', to: 'done' });
    expect([bad.status, bad.body.error.field]).toEqual([400, 'to']);
    const unknown = await step('committee', '01-00000', { type: 'comment', text: 'x' });
    expect(unknown.status).toBe(404);
    expect(await electionDigest(redis, E)).toBe(before);
  });

  it('claim is visible to all, taken over only on purpose; assignment to a person or unit', async () => {
    const id = (await post('liaison', report())).body.id as string;
    expect((await step('liaison', id, { type: 'claim' })).status).toBe(200);
    const taken = await step('committee', id, { type: 'claim' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ALREADY_CLAIMED']);
    expect((await detail('leader', id)).body.incident.claimedBy).toMatch(/^liaison-/);
    const over = await step('committee', id, { type: 'claim', takeOver: true });
    expect(over.body.incident.claimedBy).toMatch(/^committee-/);
    const assigned = await step('committee', id, { type: 'assign', assignee: { kind: 'unit', name: 'Công an xã' } });
    expect(assigned.body.incident.assignee).toEqual({ kind: 'unit', name: 'Công an xã' });
    const team = await step('team', id, { type: 'transition', to: 'acknowledged' });
    expect([team.status, team.body.error.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    expect((await step('team', id, { type: 'comment', text: 'Tổ bầu cử xác nhận' })).status).toBe(200);
    const away = await step('outsider', id, { type: 'comment', text: 'x' });
    expect(away.status).toBe(403);
  });

  it('§7 suggests likely duplicates and merges one into the original', async () => {
    const a = (await post('liaison', report({ category: 'fire-rescue' }))).body.id as string;
    const b = (
      await post(
        'committee',
        report({ category: 'fire-rescue', pollingAreaId: neighbour.id, lat: 21.0301, lon: 105.85 }),
      )
    ).body.id as string;
    await step('committee', a, { type: 'comment', text: 'x' });
    // Not the same area and a's position unknown: b is not suggested for a, until a third report near b arrives.
    const c = (
      await post('liaison', report({ category: 'fire-rescue', pollingAreaId: undefined, lat: 21.031, lon: 105.85 }))
    ).body.id as string;
    const dc = await detail('committee', c);
    expect(dc.body.suggestions.map((i: { id: string }) => i.id)).toContain(b);
    const sameArea = (await post('team', report({ category: 'fire-rescue' }))).body.id as string;
    const ds = await detail('committee', sameArea);
    expect(ds.body.suggestions.map((i: { id: string }) => i.id)[0]).toBe(a);
    const merged = await step('committee', sameArea, { type: 'duplicate', of: a });
    expect(merged.body.incident).toMatchObject({ state: 'duplicate', duplicateOf: a });
    const original = await detail('committee', a);
    expect(original.body.incident.duplicates).toEqual([sameArea]);
    expect(original.body.timeline.at(-1)).toMatchObject({ type: 'merged', data: { duplicate: sameArea } });
    const chain = await step('committee', c, { type: 'duplicate', of: sameArea });
    expect([chain.status, chain.body.error.code]).toEqual([409, 'INVALID_TRANSITION']);
  });
});

describe('§7 jurisdiction and live feed', () => {
  it('each user sees only their jurisdiction', async () => {
    expect((await list('outsider', `province:${home.provinceCode}`)).status).toBe(403);
    expect((await list('committee', `province:${home.provinceCode}`)).status).toBe(403); // an ancestor, not theirs
    expect((await list('province', `province:${home.provinceCode}`)).status).toBe(200);
    const mine = await list('outsider', `commune:${away.communeCode}`);
    expect(mine.body.incidents).toEqual([]);
    const id = (await post('liaison', report())).body.id as string;
    expect((await detail('outsider', id)).status).toBe(403);
    expect((await withSession(app.url, s.outsider!, 'GET', '/api/v1/incidents')).body.incidents).toEqual([]);
  });

  it('streams numbered updates to subscribers of the scope; anonymous and other provinces are refused', async () => {
    const open = (who?: string): Socket =>
      connect(app.url, {
        transports: ['websocket'],
        forceNew: true,
        auth: { election: E },
        extraHeaders: who ? { cookie: s[who]!.cookie } : {},
      });
    const sub = (sock: Socket, scope: string) =>
      new Promise<Ack<IncidentSnapshot>>((r) => sock.emit(EV_INCIDENTS.subscribe, { scope }, r));
    const viewer = open('committee');
    const anon = open();
    const other = open('outsider');
    try {
      const scope = `commune:${home.communeCode}`;
      const snap = await sub(viewer, scope);
      expect(snap.ok).toBe(true);
      const seq = snap.ok ? snap.data.seq : -1;
      const got: IncidentUpdate[] = [];
      viewer.on(EV_INCIDENTS.updated, (u: IncidentUpdate) => got.push(u));
      const id = (await post('liaison', report({ severity: 'high' }))).body.id as string;
      await waitFor(() => got.length >= 1, 5000, 'incident update');
      expect(got[0]).toMatchObject({ scope, seq: seq + 1 });
      expect(got[0]!.incidents.map((i) => i.id)).toEqual([id]);
      expect(got[0]!.counts['new:high']).toBeGreaterThanOrEqual(1);
      await step('liaison', id, { type: 'transition', to: 'acknowledged' });
      await waitFor(() => got.length >= 2, 5000, 'second update');
      expect(got[1]).toMatchObject({ seq: seq + 2 });
      expect(got[1]!.incidents[0]!.state).toBe('acknowledged');
      const a = await sub(anon, scope);
      expect(a.ok ? '' : a.error.code).toBe('UNAUTHENTICATED');
      const o = await sub(other, scope);
      expect(o.ok ? '' : o.error.code).toBe('FORBIDDEN');
    } finally {
      viewer.close();
      anon.close();
      other.close();
    }
  });
});
