import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { verifyChain } from '../src/ops/audit-verify.js';
import { auditKeys } from '../src/store/audit.store.js';
import type { Redis } from '../src/store/redis.js';
import { digestMatching } from '../src/ops/digest.js';
import { electionDigest } from './digest.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
/**
 * This election's data and the token registry: other suites sign in and write their own elections on the same
 * Redis at the same time, so a digest of every key would catch their writes too.
 */
const dataDigest = async (r: Redis) =>
  `${await electionDigest(r, seed.data.election.id)}/${await digestMatching(r, 'ecc:tokens')}`;
let seed: Seeded;
let areas: PollingArea[];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  areas = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date).slice(0, 6);
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id });
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const report = (a: PollingArea, voted: number, key: string, token = seed.teamTokens.get(a.id)!) =>
  post(
    app.url,
    '/api/v1/turnout',
    token,
    { pollingAreaId: a.id, voted, at: atLocal(seed.data.election.date, '08:00') },
    key,
  );

/** A fresh election's chain with `n` accepted reports. */
async function chainOf(n: number) {
  const s = await seedElection(redis);
  const list = s.data.areas.filter((a) => a.votingDate === s.data.election.date).slice(0, n);
  for (const [i, a] of list.entries()) {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      s.teamTokens.get(a.id)!,
      {
        pollingAreaId: a.id,
        voted: 10 + i,
        at: atLocal(s.data.election.date, '08:00'),
      },
      `k-chain-${i}-0001`,
    );
    expect(r.status).toBe(201);
  }
  return auditKeys(s.data.election.id);
}
/** XADD only appends above the top id, so changing the middle of a stream means rebuilding it, as an attacker would. */
type Raw = { id: string; message: Record<string, string> };
async function rebuild(stream: string, edit: (list: Raw[]) => Raw[]) {
  const list = (await redis.xRange(stream, '-', '+')) as Raw[];
  await redis.del(stream);
  for (const e of edit(list)) await redis.xAdd(stream, e.id, e.message);
}
const kinds = async (k: { stream: string; head: string }) =>
  (await verifyChain(redis, k.stream, k.head)).problems.map((p) => p.kind);

describe('audit chain', () => {
  it('appends one entry per accepted report inside the ingest step, none for a replay', async () => {
    const k = auditKeys(seed.data.election.id);
    expect((await report(areas[0]!, 50, 'k-audit-0001')).status).toBe(201);
    expect((await report(areas[0]!, 50, 'k-audit-0001')).status).toBe(201);
    expect((await report(areas[1]!, 60, 'k-audit-0002')).status).toBe(201);
    const entries = await redis.xRange(k.stream, '-', '+');
    const writes = entries.filter((e) => e.message.outcome === 'ok');
    expect(writes.map((e) => e.message.target)).toEqual([`area:${areas[0]!.id}`, `area:${areas[1]!.id}`]);
    expect(writes[0]!.message).toMatchObject({
      act: 'turnout:report',
      role: 'polling-team',
      who: `tbc-${areas[0]!.id}`,
    });
    expect(writes[0]!.message.ip).toMatch(/127\.0\.0\.1/);
    expect(await kinds(k)).toEqual([]);
  });

  it('audits a denial and writes nothing else', async () => {
    const k = auditKeys(seed.data.election.id);
    const before = await dataDigest(redis);
    const r = await report(areas[2]!, 10, 'k-audit-deny1', seed.teamTokens.get(areas[3]!.id)!);
    expect(r.status).toBe(403);
    expect(await dataDigest(redis)).toBe(before);
    const [last] = await redis.xRevRange(k.stream, '+', '-', { COUNT: 1 });
    expect(last!.message).toMatchObject({ outcome: 'denied', target: `area:${areas[2]!.id}` });
    expect(await kinds(k)).toEqual([]);
  });

  it('fails the write when the audit append fails, and writes nothing', async () => {
    const k = auditKeys(seed.data.election.id);
    // A head that disagrees with the stream (as after tampering): the XADD is refused.
    const head = await redis.hGetAll(k.head);
    await redis.hSet(k.head, 'seq', '0');
    const before = await dataDigest(redis);
    const r = await report(areas[4]!, 70, 'k-audit-fail1');
    expect(r.status).toBe(500);
    expect(await dataDigest(redis)).toBe(before);
    await redis.hSet(k.head, head);
    expect((await report(areas[4]!, 70, 'k-audit-fail1')).status).toBe(201);
  });

  it('the verifier finds an entry removed in the middle', async () => {
    const k = await chainOf(4);
    await redis.xDel(k.stream, '2-0');
    expect(await kinds(k)).toContain('removed');
  });

  it('the verifier finds an entry removed at the end', async () => {
    const k = await chainOf(3);
    await redis.xDel(k.stream, '3-0');
    expect(await kinds(k)).toEqual(['head-mismatch']);
  });

  it('the verifier finds an inserted entry', async () => {
    const k = await chainOf(3);
    const forged = {
      id: '2-1',
      message: {
        ts: '1',
        who: 'mallory',
        role: 'admin',
        act: 'turnout:report',
        ip: '',
        target: 'x',
        outcome: 'ok',
        detail: '',
        prev: '',
        h: '',
      },
    };
    await rebuild(k.stream, (list) => [...list.slice(0, 2), forged, ...list.slice(2)]);
    expect(await kinds(k)).toContain('inserted');
  });

  it('the verifier finds an entry altered in place (the stream rebuilt with one field changed)', async () => {
    const k = await chainOf(3);
    await rebuild(k.stream, (list) =>
      list.map((e) => (e.id === '2-0' ? { id: e.id, message: { ...e.message, who: 'someone-else' } } : e)),
    );
    expect(await kinds(k)).toEqual(['altered']);
  });

  it('the verifier finds a forged entry appended at the end with a valid hash', async () => {
    const k = await chainOf(2);
    const [last] = await redis.xRevRange(k.stream, '+', '-', { COUNT: 1 });
    const { entryHash } = await import('../src/ops/audit-verify.js');
    const forged = {
      ts: 1,
      who: 'x',
      role: 'admin',
      act: 'turnout:report',
      ip: '',
      target: 'y',
      outcome: 'ok',
      detail: '',
    };
    const h = entryHash(last!.message.h!, 3, forged);
    await redis.xAdd(k.stream, '3-0', { ...forged, ts: '1', prev: last!.message.h!, h });
    // Its detail binds no history line either.
    expect(await kinds(k)).toEqual(['head-mismatch', 'unbound']);
  });

  it('binds a whole batch in one entry, and finds a history line altered or removed afterwards', async () => {
    const s = await seedElection(redis);
    const list = s.data.areas.filter((a) => a.votingDate === s.data.election.date).slice(0, 5);
    const reports = list.map((a, i) => ({
      pollingAreaId: a.id,
      voted: 20 + i,
      at: atLocal(s.data.election.date, '09:00'),
      idempotencyKey: `k-bind-${i}-0001`,
    }));
    expect((await post(app.url, '/api/v1/turnout/batch', s.nationToken, { reports })).status).toBe(200);
    const k = auditKeys(s.data.election.id);
    const writes = (await redis.xRange(k.stream, '-', '+')).filter((e) => e.message.outcome === 'ok');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.message.target).toBe('areas:5');
    expect(writes[0]!.message.detail).toMatch(new RegExp(`^${list[0]!.id}#1,.*${list[4]!.id}#1 sha1=[0-9a-f]{40}$`));
    expect(await kinds(k)).toEqual([]);

    const hist = `ecc:{${s.data.election.id}}:hist:${list[2]!.id}`;
    const [line] = await redis.lRange(hist, 0, 0);
    await redis.lSet(hist, 0, line!.replace('\t22\t', '\t23\t'));
    expect(await kinds(k)).toEqual(['unbound']);
    await redis.del(hist);
    expect(await kinds(k)).toEqual(['unbound']);
  });
});
