import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScopeUpdate } from '@ecc/shared';
import { EV, LiveClient } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { makeAccount, PASSWORD, signIn, withSession } from './accounts.js';
import { ReportFeed } from './feed.js';
import { connectViewer, redisClient, seedElection, waitFor } from './helpers.js';
import type { Seeded } from './helpers.js';
import { spawnServer } from '../src/ops/server-process.js';
import { freePort } from './redis-server.js';
import { startBalancer } from '../src/ops/balancer.js';
import type { Server } from 'node:net';
import type { ServerProcess } from '../src/ops/server-process.js';
import type { Redis } from '../src/store/redis.js';

let redis: Redis;
let seed: Seeded;
let nodes: ServerProcess[] = [];
let balancer: Server;
let lbUrl: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  const env = { REDIS_URL: inject('redisUrl'), ELECTION_ID: seed.data.election.id, COALESCE_MS: '100' };
  nodes = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)]);
  const port = await freePort();
  balancer = await startBalancer(
    port,
    '127.0.0.1',
    nodes.map((n) => ({ host: '127.0.0.1', port: Number(new URL(n.url).port) })),
  );
  lbUrl = `http://127.0.0.1:${port}`;
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  balancer.close();
  await Promise.all(nodes.map((n) => n.stop()));
  await redis.quit();
});

interface Viewer {
  live: LiveClient;
  raw: Map<string, ScopeUpdate[]>;
}

function viewer(url: string, scopes: string[]): Viewer {
  const socket = connectViewer(url, seed.data.election.id);
  sockets.push(socket);
  const raw = new Map<string, ScopeUpdate[]>();
  socket.on(EV.updated, (u: ScopeUpdate) => raw.set(u.scope, [...(raw.get(u.scope) ?? []), u]));
  const live = new LiveClient(socket);
  for (const s of scopes) live.subscribe(s);
  return { live, raw };
}

describe('three server processes on one Redis, behind the balancer', () => {
  it('deliver every update to every viewer exactly once, whichever node took the report', async () => {
    const province = `province:${seed.data.provinces[0]!.code}`;
    // Viewers connect directly to each node and through the round-robin balancer.
    const viewers = [...nodes.map((n) => n.url), lbUrl, lbUrl, lbUrl].map((url) => viewer(url, ['nation', province]));
    await waitFor(
      () => viewers.every((v) => v.live.scopes.get('nation')!.ready && v.live.scopes.get(province)!.ready),
      10_000,
      'snapshots',
    );
    const start = viewers.map((v) => v.live.scopes.get('nation')!.seq);
    expect(new Set(start).size).toBe(1);

    const feed = new ReportFeed(seed, 'two-nodes');
    let accepted = 0;
    for (let round = 0; round < 10; round++)
      accepted += await feed.send(round % 2 ? lbUrl : nodes[round % 3]!.url, 30, 10);
    expect(accepted).toBe(300);

    const finalSeq = start[0]! + 300;
    await waitFor(() => viewers.every((v) => v.live.scopes.get('nation')!.seq === finalSeq), 10_000, 'convergence');
    const snap = (await (
      await fetch(`${nodes[0]!.url}/api/v1/scopes/nation?election=${seed.data.election.id}`)
    ).json()) as { figures: unknown; children: unknown };
    for (const v of viewers) {
      // Each sequence number arrived once: the streamed ranges tile start+1..final with no overlap and no gap.
      let next = start[0]! + 1;
      for (const u of v.raw.get('nation') ?? []) {
        expect(u.fromSeq).toBe(next);
        next = u.toSeq + 1;
      }
      expect(next).toBe(finalSeq + 1);
      expect(v.live.stats.gaps).toBe(0);
      expect(v.live.scopes.get('nation')!.figures).toEqual(snap.figures);
      expect(v.live.scopes.get('nation')!.children).toEqual(snap.children);
    }
  });
});

describe('system status', () => {
  it('lists every live server instance with its health, sockets, ingest and lag behind Redis', async () => {
    const r = await fetch(`${nodes[0]!.url}/api/v1/status?election=${seed.data.election.id}`);
    const s = (await r.json()) as any;
    await waitFor(
      async () => {
        const again = (await (
          await fetch(`${nodes[1]!.url}/api/v1/status?election=${seed.data.election.id}`)
        ).json()) as any;
        return nodes.every((n) =>
          again.instances.some((i: any) => i.pid === n.proc.pid && i.ready && i.lagBehind === 0),
        );
      },
      8000,
      'both instances reported, caught up',
    );
    expect(s.redis.aofEnabled).toBe(true);
    expect(s.redis.usedMemoryBytes).toBeGreaterThan(0);
    expect(s.silentByProvince).toHaveLength(seed.data.provinces.length);
  });
});

describe('revocation across instances', () => {
  it('an account revoked through one node loses its sockets on every node within 5 s', async () => {
    const area = seed.data.areas[0]!;
    const place = { level: 'commune', province: area.provinceCode, commune: area.communeCode } as const;
    const user = await makeAccount(redis, 'commune-committee', place, seed.data.election.id);
    const session = (await signIn(nodes[1]!.url, user, PASSWORD)).session;
    const admin = (
      await signIn(nodes[0]!.url, await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id))
    ).session;
    const open = nodes.slice(1).map((n) => {
      const s = connect(n.url, {
        transports: ['websocket'],
        auth: { election: seed.data.election.id },
        extraHeaders: { cookie: session.cookie },
        forceNew: true,
        reconnection: false,
      });
      sockets.push(s);
      return s;
    });
    await Promise.all(open.map((s) => new Promise((r) => s.on('connect', () => r(null)))));
    const t0 = Date.now();
    const gone = Promise.all(open.map((s) => new Promise((r) => s.on('disconnect', () => r(Date.now() - t0)))));
    const r = await withSession(nodes[0]!.url, admin, 'PATCH', `/api/v1/accounts/${user}`, { status: 'revoked' });
    expect(r.status).toBe(200);
    for (const ms of (await gone) as number[]) expect(ms).toBeLessThan(5000);
  });
});
