import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack, PollingArea, ScopeUpdate, SubscribeResult } from '@ecc/shared';
import { EV } from '@ecc/shared';
import type { Socket } from 'socket.io-client';
import { atLocal, connectViewer, post, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let areas: PollingArea[];
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id, LOG_MAXLEN: '100000' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.stop();
  await redis.quit();
});

function viewer(): Socket {
  const s = connectViewer(app.url, seed.data.election.id);
  sockets.push(s);
  return s;
}

function subscribe(s: Socket, req: object): Promise<Ack<SubscribeResult>> {
  return new Promise((resolve) => s.emit(EV.subscribe, req, resolve));
}

let minute = 0;
/** One report per call for a rotating area, with a later time and a higher count each time. */
async function report(i: number): Promise<void> {
  const a = areas[i % areas.length]!;
  minute++;
  const t = `${String(7 + (Math.floor(minute / 60) % 13)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const r = await post(app.url, '/api/v1/turnout/batch', seed.nationToken, {
    reports: [
      {
        idempotencyKey: `live-${minute}-abcdef`,
        pollingAreaId: a.id,
        voted: Math.min(minute, a.registered.na),
        at: atLocal(seed.data.election.date, t),
      },
    ],
  });
  expect(r.body.accepted).toBe(1);
}

describe('live stream', () => {
  it('answers a first subscribe with a snapshot and streams coalesced, numbered updates', async () => {
    const s = viewer();
    const updates: ScopeUpdate[] = [];
    s.on(EV.updated, (u: ScopeUpdate) => updates.push(u));
    const r = await subscribe(s, { scope: 'nation' });
    expect(r.ok).toBe(true);
    if (!r.ok || r.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const start = r.data.snapshot.seq;
    expect(Object.keys(r.data.snapshot.children).sort()).toEqual(seed.data.provinces.map((p) => p.code).sort());
    for (let i = 0; i < 20; i++) await report(i);
    await waitFor(() => updates.at(-1)?.toSeq === start + 20, 5000, 'last update');
    // Contiguous ranges, no overlap, no gap: every sequence number exactly once.
    let next = start + 1;
    for (const u of updates) {
      expect(u.fromSeq).toBe(next);
      next = u.toSeq + 1;
    }
    const snap = (await (await fetch(`${app.url}/api/v1/scopes/nation?election=${seed.data.election.id}`)).json()) as {
      figures: unknown;
    };
    expect(updates.at(-1)!.figures).toEqual(snap.figures);
  });

  it("streams an area's updates: one report as [seq, seq], two in one batch as one range", async () => {
    const a = areas.at(-1)!;
    const s = viewer();
    const updates: ScopeUpdate[] = [];
    s.on(EV.updated, (u: ScopeUpdate) => updates.push(u));
    const r = await subscribe(s, { scope: `area:${a.id}` });
    if (!r.ok || r.data.mode !== 'snapshot') throw new Error(`expected a snapshot: ${JSON.stringify(r)}`);
    const start = r.data.snapshot.seq;
    const item = (key: string, voted: number, t: string) => ({
      idempotencyKey: `area-live-${key}`,
      pollingAreaId: a.id,
      voted,
      at: atLocal(seed.data.election.date, t),
    });
    const batch = async (reports: object[]) =>
      expect((await post(app.url, '/api/v1/turnout/batch', seed.nationToken, { reports })).body.accepted).toBe(
        reports.length,
      );
    await batch([item('one', 10, '06:01')]);
    await waitFor(() => updates.length === 1, 5000, 'the first area update');
    expect(updates[0]).toMatchObject({ scope: `area:${a.id}`, fromSeq: start + 1, toSeq: start + 1 });
    expect(updates[0]!.figures).toMatchObject({ voted: 10 });
    await batch([item('two', 20, '06:02'), item('three', 30, '06:03')]);
    await waitFor(() => updates.length === 2, 5000, 'the second area update');
    expect(updates[1]).toMatchObject({ fromSeq: start + 2, toSeq: start + 3 });
    const snap = await (await fetch(`${app.url}/api/v1/scopes/area:${a.id}?election=${seed.data.election.id}`)).json();
    expect(updates[1]!.figures).toEqual(snap.figures);
  });

  it('replays what a returning client missed from the log, and says "current" when nothing was missed', async () => {
    const s = viewer();
    const first = await subscribe(s, { scope: 'nation' });
    if (!first.ok || first.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const lastSeq = first.data.snapshot.seq;
    for (let i = 0; i < 5; i++) await report(i);
    const again = await subscribe(s, { scope: 'nation', lastSeq });
    if (!again.ok || again.data.mode !== 'delta') throw new Error('expected a delta');
    expect(again.data.update.fromSeq).toBe(lastSeq + 1);
    expect(again.data.update.toSeq).toBe(lastSeq + 5);
    const current = await subscribe(s, { scope: 'nation', lastSeq: lastSeq + 5 });
    expect(current).toEqual({ ok: true, data: { mode: 'current', seq: lastSeq + 5 } });
  });

  it('validates socket messages with the shared schema', async () => {
    const s = viewer();
    for (const bad of [
      { scope: 'planet' },
      { scope: 'nation', lastSeq: -1 },
      { scope: 'nation', extra: 1 },
      'nation',
      null,
    ]) {
      const r = await subscribe(s, bad as object);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_FIELD');
    }
    const unknown = await subscribe(s, { scope: 'province:99' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('SCOPE_NOT_FOUND');
  });

  it('sends heartbeats carrying the latest sequence', async () => {
    const s = viewer();
    const beats: { scope: string; seq: number }[] = [];
    s.on(EV.heartbeat, (h: { scope: string; seq: number }) => beats.push(h));
    const r = await subscribe(s, { scope: `province:${areas[0]!.provinceCode}` });
    if (!r.ok || r.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    await waitFor(() => beats.length > 0, 3000, 'a heartbeat');
    expect(beats[0]).toMatchObject({ scope: `province:${areas[0]!.provinceCode}`, seq: r.data.snapshot.seq });
  });

  it('skips the heartbeat of a room that just got an update, and never leaves a room silent for two intervals', async () => {
    const s = viewer();
    const scope = `province:${areas[0]!.provinceCode}`;
    const messages: { kind: 'beat' | 'update'; at: number; seq: number }[] = [];
    s.on(EV.heartbeat, (h: { scope: string; seq: number }) => {
      if (h.scope === scope) messages.push({ kind: 'beat', at: Date.now(), seq: h.seq });
    });
    s.on(EV.updated, (u: ScopeUpdate) => {
      if (u.scope === scope) messages.push({ kind: 'update', at: Date.now(), seq: u.toSeq });
    });
    await subscribe(s, { scope });
    // Reports into the province for 2 s (HEARTBEAT_MS is 500 in tests): updates only, then idle: beats again.
    const sameProvince = areas
      .map((a, i) => [a, i] as const)
      .filter(([a]) => a.provinceCode === areas[0]!.provinceCode);
    const until = Date.now() + 2000;
    for (let k = 0; Date.now() < until; k++) {
      await report(sameProvince[k % sameProvince.length]![1]);
      await new Promise((r) => setTimeout(r, 60));
    }
    const busyEnd = Date.now();
    await waitFor(() => messages.some((m) => m.kind === 'beat' && m.at > busyEnd + 600), 3000, 'beats when idle');
    const busy = messages.filter((m) => m.at > busyEnd - 1500 && m.at < busyEnd - 200);
    expect(busy.length).toBeGreaterThan(5);
    expect(busy.filter((m) => m.kind === 'beat')).toEqual([]);
    const gaps = messages.slice(1).map((m, i) => m.at - messages[i]!.at);
    expect(Math.max(...gaps)).toBeLessThan(2 * 500 + 1000);
    // The beats after the burst carry the sequence the last update brought.
    const lastUpdate = messages.filter((m) => m.kind === 'update').at(-1)!;
    expect(messages.filter((m) => m.kind === 'beat' && m.at > busyEnd + 600)[0]!.seq).toBe(lastUpdate.seq);
  });
});
