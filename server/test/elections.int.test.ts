import { generateSmall } from '@ecc/fixtures';
import { canonicalReference, toSheets } from '@ecc/shared';
import type { ReferenceData } from '@ecc/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scanKeys } from '../src/ops/digest.js';
import { electionKeys } from '../src/store/keys.js';
import type { Redis } from '../src/store/redis.js';
import { readReference } from '../src/store/reference-read.js';
import { loadReference } from '../src/store/reference.store.js';
import { issueTokens, reporterPrincipals } from '../src/store/tokens.store.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { electionDigest } from './digest.js';
import { atLocal, post, redisClient, seedElection, startApp, uniqueElectionId } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

let app: RunningApp;
let redis: Redis;
let live: Seeded;
let admin: Session;

/** A drill on the small dataset, with reporter tokens (area id → token). */
async function seedDrill(): Promise<{ data: ReferenceData; tokens: Map<string, string> }> {
  const id = uniqueElectionId('drill');
  const data = generateSmall({ seed: 7, election: { id, kind: 'drill', mode: 'simulation', name: 'Diễn tập 1' } });
  await loadReference(redis, data);
  const principals = reporterPrincipals(data);
  const issued = await issueTokens(redis, principals);
  const tokens = new Map<string, string>();
  principals.forEach((p, i) => p.role === 'polling-team' && tokens.set(p.areaId, issued[i]!));
  return { data, tokens };
}

async function reportAll(data: ReferenceData, tokens: Map<string, string>, tag: string) {
  const areas = data.areas.filter((a) => a.votingDate === data.election.date).slice(0, 10);
  for (const [i, a] of areas.entries()) {
    const r = await post(
      app.url,
      '/api/v1/turnout',
      tokens.get(a.id)!,
      {
        pollingAreaId: a.id,
        voted: Math.floor(a.registered.na / 3),
        at: atLocal(data.election.date, '09:00'),
      },
      `${tag}-idem-${i}-${data.election.id}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

const content = (d: ReferenceData) => {
  const { provinces, communes, areas, units, candidates } = d;
  return canonicalReference({ provinces, communes, areas, units, candidates });
};

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  live = await seedElection(redis, { mode: 'simulation' });
  app = await startApp(inject('redisUrl'), { ELECTION_ID: live.data.election.id });
  admin = (await signIn(app.url, await makeAccount(redis, 'admin', { level: 'nation' }, live.data.election.id)))
    .session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

describe('issue 9: elections side by side', () => {
  it('a drill and the live election share no key; reports to one never touch the other', async () => {
    const drill = await seedDrill();
    const liveBefore = await electionDigest(redis, live.data.election.id);
    await reportAll(drill.data, drill.tokens, 'side');
    const liveKeys = new Set(await scanKeys(redis, `ecc:{${live.data.election.id}}:*`));
    const drillKeys = await scanKeys(redis, `ecc:{${drill.data.election.id}}:*`);
    expect(drillKeys.length).toBeGreaterThan(100);
    expect(drillKeys.filter((k) => liveKeys.has(k))).toEqual([]);
    expect(drillKeys.every((k) => k.startsWith(electionKeys(drill.data.election.id).prefix))).toBe(true);
    expect(await electionDigest(redis, live.data.election.id)).toBe(liveBefore);
  });

  it('resetting a drill clears its reports, keeps its reference data and tokens, and leaves the live election unchanged', async () => {
    const drill = await seedDrill();
    const id = drill.data.election.id;
    const before = await readReference(redis, id);
    await reportAll(drill.data, drill.tokens, 'reset');
    expect(Number(await redis.hGet(electionKeys(id).agg('nation'), 'voted'))).toBeGreaterThan(0);
    const liveBefore = await electionDigest(redis, live.data.election.id);
    const auditBefore = await redis.xLen(electionKeys(id).audit);

    const r = await withSession(app.url, admin, 'POST', `/api/v1/elections/${id}/reset`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await electionDigest(redis, live.data.election.id)).toBe(liveBefore);
    expect(await redis.hGet(electionKeys(id).agg('nation'), 'voted')).toBe('0');
    expect(await redis.exists(electionKeys(id).hist(drill.data.areas[0]!.id))).toBe(0);
    expect(content((await readReference(redis, id))!)).toEqual(content(before!));
    // History is never cleared: the chain keeps the reports and records the reset.
    expect(await redis.xLen(electionKeys(id).audit)).toBeGreaterThan(auditBefore);
    // The drill's teams report again with the same tokens, from zero.
    await reportAll(drill.data, drill.tokens, 'after-reset');
    // The same figures as a fresh drill: equal to a fresh load of the same data with the same reports.
    const fresh = await seedDrill();
    await reportAll(fresh.data, fresh.tokens, 'fresh');
    const agg = async (e: string) => await redis.hmGet(electionKeys(e).agg('nation'), ['reg', 'voted', 'rep', 'areas']);
    expect(await agg(id)).toEqual(await agg(fresh.data.election.id));
  });

  it('deleting a drill removes its namespace only; a real election or the live one cannot be deleted', async () => {
    const drill = await seedDrill();
    const id = drill.data.election.id;
    const liveBefore = await electionDigest(redis, live.data.election.id);
    const r = await withSession(app.url, admin, 'DELETE', `/api/v1/elections/${id}`);
    expect(r.status).toBe(204);
    expect(await scanKeys(redis, `ecc:{${id}}:*`)).toEqual([]);
    expect(await electionDigest(redis, live.data.election.id)).toBe(liveBefore);
    const refused = await withSession(app.url, admin, 'DELETE', `/api/v1/elections/${live.data.election.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('NOT_A_DRILL');
    expect(await electionDigest(redis, live.data.election.id)).toBe(liveBefore);
  });

  it('admins create elections (draft), status moves one step at a time; others are refused and nothing is written', async () => {
    const id = uniqueElectionId('bc');
    const body = { id, name: 'Bầu cử bổ sung', kind: 'by-election', date: '2026-06-07', contests: ['na'] };
    const leader = (
      await signIn(app.url, await makeAccount(redis, 'national-leader', { level: 'nation' }, live.data.election.id))
    ).session;
    expect((await withSession(app.url, leader, 'POST', '/api/v1/elections', body)).status).toBe(403);
    expect(await redis.hExists('ecc:elections', id)).toBe(0);
    const r = await withSession(app.url, admin, 'POST', '/api/v1/elections', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.election).toMatchObject({ id, kind: 'by-election', status: 'draft', contests: ['na'] });
    expect((await withSession(app.url, admin, 'POST', '/api/v1/elections', body)).status).toBe(409);
    const skip = await withSession(app.url, admin, 'POST', `/api/v1/elections/${id}/status`, { status: 'voting' });
    expect(skip.body.error.code).toBe('STATUS_TRANSITION');
    const lock = await withSession(app.url, admin, 'POST', `/api/v1/elections/${id}/status`, { status: 'locked' });
    expect(lock.body.election.status).toBe('locked');
    const list = (await (await fetch(`${app.url}/api/v1/elections`)).json()) as { elections: { id: string }[] };
    expect(list.elections.map((e) => e.id)).toContain(id);
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/elections', '/api/v1/elections/{id}/reference/import', '/api/v1/candidates/{id}'])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});

export { toSheets };
