import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScopeUpdate } from '@ecc/shared';
import { EV, LiveClient, MAX_PHOTO_BYTES, MAX_PHOTOS } from '@ecc/shared';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { readFileSync } from 'node:fs';
import { ReportFeed } from './feed.js';
import { redisClient, seedElection, waitFor } from './helpers.js';
import type { Seeded } from './helpers.js';
import { NGINX_CONF, startNginx } from './nginx.js';
import type { RunningNginx } from './nginx.js';
import { freePort } from './redis-server.js';
import { spawnServer } from '../src/ops/server-process.js';
import type { ServerProcess } from '../src/ops/server-process.js';
import type { Redis } from '../src/store/redis.js';

// docker-compose.yml's topology (issue 7) without Docker: two server replicas on one Redis behind the real nginx
// running deploy/nginx.conf, the very file the compose `lb` service mounts.
let redis: Redis;
let seed: Seeded;
let nodes: ServerProcess[] = [];
let lb: RunningNginx;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  const env = { REDIS_URL: inject('redisUrl'), ELECTION_ID: seed.data.election.id, COALESCE_MS: '100' };
  nodes = await Promise.all([spawnServer(env), spawnServer(env)]);
  lb = await startNginx(
    nodes.map((n) => `127.0.0.1:${new URL(n.url).port}`),
    await freePort(),
  );
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await lb?.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  await redis.quit();
});

function viewer(url: string, transports: ('polling' | 'websocket')[]) {
  const socket = connect(url, { transports, auth: { election: seed.data.election.id }, forceNew: true });
  sockets.push(socket);
  const raw: ScopeUpdate[] = [];
  socket.on(EV.updated, (u: ScopeUpdate) => u.scope === 'nation' && raw.push(u));
  const live = new LiveClient(socket);
  live.subscribe('nation');
  return { socket, live, raw };
}

describe('the compose topology: nginx (deploy/nginx.conf) in front of two replicas', () => {
  it('passes WebSockets and upgraded long-polling; every viewer gets every update exactly once', async () => {
    const viewers = [
      viewer(lb.url, ['websocket']),
      viewer(lb.url, ['polling', 'websocket']), // handshake over HTTP, then the upgrade: needs the sticky upstream
      viewer(nodes[0]!.url, ['websocket']),
      viewer(nodes[1]!.url, ['websocket']),
    ];
    await waitFor(() => viewers.every((v) => v.live.scopes.get('nation')!.ready), 10_000, 'snapshots');
    await waitFor(() => viewers[1]!.socket.io.engine?.transport.name === 'websocket', 10_000, 'the upgrade');
    const start = viewers[0]!.live.scopes.get('nation')!.seq;
    expect(viewers.every((v) => v.live.scopes.get('nation')!.seq === start)).toBe(true);

    const feed = new ReportFeed(seed, 'nginx');
    let accepted = 0;
    for (let round = 0; round < 6; round++) accepted += await feed.send(round % 2 ? lb.url : nodes[1]!.url, 25, 25);
    expect(accepted).toBe(150);

    const final = start + 150;
    await waitFor(() => viewers.every((v) => v.live.scopes.get('nation')!.seq === final), 10_000, 'convergence');
    for (const v of viewers) {
      let next = start + 1;
      for (const u of v.raw) {
        expect(u.fromSeq).toBe(next);
        next = u.toSeq + 1;
      }
      expect(next).toBe(final + 1);
      expect(v.live.stats.gaps).toBe(0);
    }
  });

  it('lets a request carrying the largest allowed incident photos reach the server', async () => {
    // nginx answers 413 itself (an HTML page) when a body passes client_max_body_size; the server answers JSON.
    const limit = /client_max_body_size\s+(\d+)m;/.exec(readFileSync(NGINX_CONF, 'utf8'));
    expect(Number(limit?.[1]) * 2 ** 20).toBeGreaterThan(MAX_PHOTOS * MAX_PHOTO_BYTES);
    // 2 MB: past nginx's default (1 MB) and the limit this file had; the server then answers for itself.
    const body = Buffer.alloc(2 * 2 ** 20, 0x61);
    const r = await fetch(`${lb.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body,
    });
    // nginx's own 413 comes before any proxying; anything else means the body went through. (The server may
    // refuse the unauthenticated request before reading it all, and nginx then reports the cut upstream: that
    // is not what this test is about.)
    const text = await r.text();
    expect(r.status, text.slice(0, 200)).not.toBe(413);
  });

  it('forwards the client address and the Host with its port', async () => {
    const r = await fetch(`${lb.url}/api/v1/openapi.json`);
    expect(r.status).toBe(200);
    const s = connect(lb.url, {
      transports: ['websocket'],
      auth: { election: seed.data.election.id },
      extraHeaders: { origin: lb.url },
      forceNew: true,
      reconnection: false,
    });
    sockets.push(s);
    // The server compares the browser's Origin with the Host nginx passes (with its port): they must agree.
    await new Promise<void>((resolve, reject) => {
      s.on('connect', () => resolve());
      s.on('connect_error', (e) => reject(e));
    });
  });
});
