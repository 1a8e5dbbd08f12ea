import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { publicCommuneSchema } from '@ecc/shared';
import { PUBLIC_MAIN, spawnServer } from '../src/ops/server-process.js';
import type { ServerProcess } from '../src/ops/server-process.js';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import { redisClient, seedElection, startApp, waitFor } from './helpers.js';
import { startNginx } from './nginx.js';
import { freePort } from './redis-server.js';
import type { RunningApp, Seeded } from './helpers.js';

/**
 * The public lookup in its own process (decision 0009): the same snapshots as the servers', from the same Redis,
 * following the same changes; nothing but GET/HEAD of /api/v1/public/* (and /healthz) is answered there.
 */
let redis: Redis;
let seed: Seeded;
let app: RunningApp;
let pub: ServerProcess;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 17 });
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
  pub = await spawnServer(
    { REDIS_URL: inject('redisUrl'), ELECTION_ID: seed.data.election.id, PUBLIC_REFRESH_MS: '100' },
    PUBLIC_MAIN,
  );
});
afterAll(async () => {
  await pub?.stop();
  await app?.stop();
  await redis.quit();
});

const body = async (url: string, code: string) => {
  const r = await fetch(`${url}/api/v1/public/communes/${code}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(r.status).toBe(200);
  // The build time differs between processes; everything else must not.
  const content = { ...publicCommuneSchema.parse(await r.json()), builtAt: '' };
  return { etag: r.headers.get('etag'), content };
};

describe('the public lookup process', () => {
  it("serves the servers' snapshots, and only public reads", async () => {
    const code = seed.data.areas[0]!.communeCode;
    const [a, b] = [await body(pub.url, code), await body(app.url, code)];
    expect(a.content).toEqual(b.content);
    expect(a.etag).toBe(b.etag);
    expect((await fetch(`${pub.url}/api/v1/public/communes`)).status).toBe(200);
    expect((await fetch(`${pub.url}/api/v1/public/communes/99999`)).status).toBe(404);
    expect((await fetch(`${pub.url}/api/v1/public/communes/${code}`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${pub.url}/api/v1/turnout`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${pub.url}/api/v1/scopes/nation`)).status).toBe(404);
    expect((await fetch(`${pub.url}/healthz`)).status).toBe(200);
  });

  it('follows an area edit made through a server', async () => {
    const area = seed.data.areas[1]!;
    const before = await body(pub.url, area.communeCode);
    const admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, seed.data.election.id)))
      .session;
    const r = await withSession(
      app.url,
      admin,
      'PATCH',
      `/api/v1/elections/${seed.data.election.id}/areas/${area.id}`,
      {
        name: 'Khu vực bỏ phiếu Nhà văn hóa mới',
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await waitFor(async () => (await body(pub.url, area.communeCode)).etag !== before.etag, 5000, 'rebuilt');
    const now = await body(pub.url, area.communeCode);
    expect(now.content.areas.find((x) => x.id === area.id)!.name).toBe('Khu vực bỏ phiếu Nhà văn hóa mới');
  });

  it('is where deploy/nginx.conf sends /api/v1/public/, and only that', async () => {
    // The servers' upstream is a stand-in that names itself: a commune snapshot through nginx can only be `pub`'s.
    const stand = createServer((_req, res) => void res.writeHead(200, { 'x-upstream': 'servers' }).end('{}'));
    await new Promise<void>((r) => stand.listen(0, '127.0.0.1', r));
    const standPort = (stand.address() as AddressInfo).port;
    const lb = await startNginx([`127.0.0.1:${standPort}`], await freePort(), [`127.0.0.1:${pub.port}`]);
    try {
      const code = seed.data.areas[0]!.communeCode;
      expect((await body(lb.url, code)).content).toEqual((await body(pub.url, code)).content);
      expect((await fetch(`${lb.url}/api/v1/elections`)).headers.get('x-upstream')).toBe('servers');
      expect((await fetch(`${lb.url}/tra-cuu/${seed.data.areas[0]!.id}`)).headers.get('x-upstream')).toBe('servers');
    } finally {
      await lb.stop();
      stand.close();
    }
  });
});
