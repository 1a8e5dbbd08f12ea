import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { publicCommuneIndexSchema, publicCommuneSchema } from '@ecc/shared';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { electionDigest } from './digest.js';
import { recordFor, submitRecord } from './counting-helpers.js';
import { atLocal, post, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

// jsqr is CommonJS with a `default` in its types only: under NodeNext the function is `.default` for tsc.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  d: Uint8ClampedArray,
  w: number,
  h: number,
) => { data: string } | null;

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
const E = () => seed.data.election.id;

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis, { seed: 3 });
  // Scope reads closed to anonymous callers: the public lookup must still answer without signing in.
  app = await startApp(inject('redisUrl'), {
    ELECTION_ID: E(),
    PUBLIC_READS: '0',
    PUBLIC_REFRESH_MS: '100',
    PUBLIC_RESULTS_REFRESH_MS: '100',
  });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const pub = (path: string, init?: RequestInit) => fetch(`${app.url}/api/v1/public/${path}`, init);

/** Every key anywhere in a JSON value. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  return out;
}

describe('public lookup (issue 8): read-only snapshots, no sign-in', () => {
  it('lists the communes with polling areas, cacheable, gzip on request, without a cookie', async () => {
    const r = await pub('communes', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(r.headers.get('set-cookie')).toBeNull();
    const body = publicCommuneIndexSchema.parse(await r.json());
    const communes = new Set(seed.data.areas.map((a) => a.communeCode));
    expect(body.communes.map((c) => c[0]).sort()).toEqual([...communes].sort());
    expect(body.communes[0]![1]).toMatch(/^(Phường|Xã|Đặc khu) /);
    const etag = r.headers.get('etag')!;
    const again = await pub('communes', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it("serves a commune's areas, units and candidates' short profiles, and nothing personal", async () => {
    const a = seed.data.areas[0]!;
    const r = await pub(`communes/${a.communeCode}`);
    expect(r.status).toBe(200);
    const raw = (await r.json()) as unknown;
    const c = publicCommuneSchema.parse(raw);
    expect(c.areas.map((x) => x.id)).toEqual(
      seed.data.areas.filter((x) => x.communeCode === a.communeCode).map((x) => x.id),
    );
    const area = c.areas[0]!;
    expect(area).toMatchObject({ name: a.name, address: a.address, units: a.units, votingDate: a.votingDate });
    const na = c.units[a.units.na]!;
    const cands = seed.data.candidates.filter((x) => x.unitId === a.units.na);
    expect(na.candidates.map((x) => x.fullName)).toEqual(cands.map((x) => x.fullName));
    expect(na.seats).toBe(seed.data.units.find((u) => u.id === a.units.na)!.seats);
    // Whitelisted fields only: no counts, no accounts, no tokens, nothing about any voter.
    const allowed = new Set(
      'election id name date windowOpen windowClose commune code fullName province areas number address kind votingDate early units na pc cc contest seats candidates birthDate gender ethnicity occupation workplace nomination photo results builtAt'.split(
        ' ',
      ),
    );
    const unitIds = new Set(Object.keys(c.units));
    const extra = [...keysOf(raw)].filter((k) => !allowed.has(k) && !unitIds.has(k));
    expect(extra).toEqual([]);
    expect(JSON.stringify(raw)).not.toMatch(/token|password|username|registered|voted/i);
    expect(c.results).toBeNull();
  });

  it('refuses every write with 405 and writes nothing, signed in or not', async () => {
    const digest = await electionDigest(redis, E());
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of ['communes', `communes/${seed.data.areas[0]!.communeCode}`, 'anything']) {
        const r = await pub(path, {
          method,
          headers: { authorization: `Bearer ${seed.nationToken}`, 'content-type': 'application/json' },
          ...(method === 'OPTIONS' ? {} : { body: JSON.stringify({ name: 'x' }) }),
        });
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.get('allow')).toBe('GET, HEAD');
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
      }
    }
    expect(await electionDigest(redis, E())).toBe(digest);
  });

  it('answers unknown communes, elections and paths with 404', async () => {
    expect((await pub('communes/99999')).status).toBe(404);
    expect((await pub('communes?election=no-such-election')).status).toBe(404);
    expect((await pub('communes/00101/../x')).status).toBe(404);
    expect((await pub('areas')).status).toBe(404);
  });

  it('serves from memory, and rebuilds when the public version moves', async () => {
    const a = seed.data.areas[1]!;
    const first = (await (await pub(`communes/${a.communeCode}`)).json()) as { areas: { id: string; name: string }[] };
    expect(first.areas.find((x) => x.id === a.id)!.name).toBe(a.name);
    // A change in Redis alone is not seen: the snapshot is served from memory…
    await redis.hSet(electionKeys(E()).area(a.id), 'name', 'Khu vực bỏ phiếu đổi tên');
    await new Promise((r) => setTimeout(r, 300));
    const cached = (await (await pub(`communes/${a.communeCode}`)).json()) as typeof first;
    expect(cached.areas.find((x) => x.id === a.id)!.name).toBe(a.name);
    // …until the public version moves (reference data re-imported, results confirmed).
    await redis.incr(electionKeys(E()).publicVersion);
    await waitFor(
      async () => {
        const b = (await (await pub(`communes/${a.communeCode}`)).json()) as typeof first;
        return b.areas.find((x) => x.id === a.id)!.name === 'Khu vực bỏ phiếu đổi tên';
      },
      5000,
      'rebuilt snapshot',
    );
    await redis.hSet(electionKeys(E()).area(a.id), 'name', a.name);
    await redis.incr(electionKeys(E()).publicVersion);
  });
});

describe('public results (issue 8 × issue 5)', () => {
  it("shows a unit's result only once every area's record of it is confirmed, from the confirmed figures", async () => {
    const a = seed.data.areas.find((x) => x.registered.cc > 0)!;
    const unitId = a.units.cc;
    const inUnit = seed.data.areas.filter((x) => x.units.cc === unitId);
    const snapshot = async () =>
      publicCommuneSchema.parse(await (await pub(`communes/${a.communeCode}`)).json()).results?.[unitId] ?? null;
    for (const [i, x] of inUnit.entries()) {
      const r = await submitRecord(
        app.url,
        seed.nationToken,
        recordFor(seed, x, 'cc', '19:30', { turnout: 0.9 }, i + 1),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // Submitted is not confirmed: nothing public yet.
    await new Promise((r) => setTimeout(r, 400));
    expect(await snapshot()).toBeNull();
    for (const x of inUnit) {
      const d = await post(
        app.url,
        `/api/v1/counting/records/${x.id}/cc/decision`,
        seed.nationToken,
        { action: 'confirm', version: 1, at: atLocal(x.votingDate, '20:30') },
        `confirm-${x.id}-key`,
      );
      expect(d.status, JSON.stringify(d.body)).toBe(201);
    }
    await waitFor(async () => (await snapshot()) !== null, 5000, 'confirmed results in the public snapshot');
    const shown = (await snapshot())!;
    const official = (await (
      await fetch(`${app.url}/api/v1/counting/units/${unitId}?election=${E()}`, {
        headers: { authorization: `Bearer ${seed.nationToken}` },
      })
    ).json()) as { confirmed: { candidates: { id: string; votes: number; elected: boolean }[] } };
    expect(shown.candidates).toEqual(
      official.confirmed.candidates.map(({ id, votes, elected }) => ({ id, votes, elected })),
    );
  });
});

describe('QR posters (issue 8): an A4 page per polling area for posting beside the voter list', () => {
  const pdfOf = async (path: string, token = seed.nationToken) => {
    const r = await fetch(`${app.url}/api/v1/posters/${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
  };

  it("prints the area's details, and its QR code decodes to the area's public page", async () => {
    const a = seed.data.areas[2]!;
    const r = await pdfOf(`areas/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ecc-qr-'));
    writeFileSync(join(dir, 'p.pdf'), r.body);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(a.name);
    expect(text).toContain('Đại biểu Quốc hội');
    expect(text).toMatch(/Ngày bỏ phiếu: 15\/03\/2026, từ 07:00 đến 19:00/);
    execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'p.png')));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`${app.url}/tra-cuu/${a.id}`);
  });

  it('prints a whole commune in one PDF, one page per area; only signed-in committees may print', async () => {
    const code = seed.data.areas[0]!.communeCode;
    const r = await pdfOf(`communes/${code}`);
    expect(r.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'ecc-qr-'));
    writeFileSync(join(dir, 'c.pdf'), r.body);
    const info = execFileSync('pdfinfo', [join(dir, 'c.pdf')], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(seed.data.areas.filter((a) => a.communeCode === code).length);
    expect((await fetch(`${app.url}/api/v1/posters/communes/${code}`)).status).toBe(401);
    const team = seed.teamTokens.get(seed.data.areas[0]!.id)!;
    expect((await pdfOf(`communes/${code}`, team)).status).toBe(403);
    expect((await pdfOf('areas/00101-9999')).status).toBe(404);
  });

  it('gzips what it caches (the JSON snapshot is what the posters print)', async () => {
    const code = seed.data.areas[0]!.communeCode;
    const r = await fetch(`${app.url}/api/v1/public/communes/${code}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes gzip itself; the raw bytes must also be a valid gzip of the same JSON.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      get(`${app.url}/api/v1/public/communes/${code}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject);
    });
    expect(publicCommuneSchema.parse(JSON.parse(gunzipSync(raw).toString('utf8'))).commune.code).toBe(code);
  });
});
