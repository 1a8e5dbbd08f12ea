import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PollingArea } from '@ecc/shared';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { countingGet, freshKey, recordFor, submitRecord } from './counting-helpers.js';
import { electionDigest } from './digest.js';
import { atLocal, post, redisClient, seedElection, startApp } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
let area: PollingArea;
let sibling: PollingArea;
let early: PollingArea;
let board: Session;
let otherBoard: Session;
const E = () => seed.data.election.id;
const tok = (a: PollingArea) => seed.teamTokens.get(a.id)!;
const get = (path: string) => countingGet(app.url, E(), path);

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  const day = seed.data.areas.filter((a) => a.votingDate === seed.data.election.date);
  area = day[0]!;
  sibling = day.find((a) => a.units.na === area.units.na && a.id !== area.id)!;
  early = seed.data.areas.find((a) => a.votingDate !== seed.data.election.date)!;
  app = await startApp(inject('redisUrl'), { ELECTION_ID: E() });
  const unit = (id: string) => seed.data.units.find((u) => u.id === id)!;
  const b = await makeAccount(
    redis,
    'election-board',
    { level: 'unit', unit: area.units.na, province: area.provinceCode },
    E(),
  );
  board = (await signIn(app.url, b)).session;
  const other = seed.data.units.find((u) => u.contest === 'na' && u.id !== area.units.na)!;
  const ob = await makeAccount(
    redis,
    'election-board',
    { level: 'unit', unit: other.id, province: unit(other.id).provinceCode },
    E(),
  );
  otherBoard = (await signIn(app.url, ob)).session;
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

const decide = (s: Session, a: PollingArea, contest: string, body: unknown, key = freshKey('d')) =>
  withSession(app.url, s, 'POST', `/api/v1/counting/records/${a.id}/${contest}/decision`, body, {
    headers: { 'idempotency-key': key },
  });

describe('§2.1 nothing of counting before the polls closed', () => {
  it('§2.1 refuses progress and records before 19:00 of the area’s own date with 409, accepts after', async () => {
    const before = await electionDigest(redis, E());
    const r = await submitRecord(app.url, tok(area), recordFor(seed, area, 'pc', '18:59'));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('POLLS_NOT_CLOSED');
    const p = await post(
      app.url,
      '/api/v1/counting/progress',
      tok(area),
      {
        pollingAreaId: area.id,
        contest: 'pc',
        state: 'counting',
        at: atLocal(area.votingDate, '18:00'),
      },
      freshKey(),
    );
    expect(p.status).toBe(409);
    expect(await electionDigest(redis, E())).toBe(before);
    const ok = await post(
      app.url,
      '/api/v1/counting/progress',
      tok(area),
      {
        pollingAreaId: area.id,
        contest: 'pc',
        state: 'counting',
        at: atLocal(area.votingDate, '19:01'),
      },
      freshKey(),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.state).toBe('counting');
    const prog = await get(`/counting/scopes/nation?contest=pc`);
    expect(prog.figures.counting).toBe(1);
  });

  it('§2.2 an early-voting area closes on its own date', async () => {
    expect(early.votingDate < seed.data.election.date).toBe(true);
    const r = await submitRecord(app.url, tok(early), recordFor(seed, early, 'na', '19:10'));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe('§2.6 counting records', () => {
  it('§2.6 accepts a record, moves unit, commune, province and nation, and answers a retry once', async () => {
    const nation0 = await get('/counting/scopes/nation?contest=na');
    const rec = recordFor(seed, area, 'na');
    const key = freshKey();
    const r = await submitRecord(app.url, tok(area), rec, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ pollingAreaId: area.id, contest: 'na', version: 1, state: 'submitted' });
    const again = await submitRecord(app.url, tok(area), rec, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(r.body);
    const reused = await submitRecord(app.url, tok(area), { ...rec, invalid: rec.invalid }, key);
    expect(reused.status).toBe(201); // same meaning, same answer
    const other = await submitRecord(app.url, tok(area), { ...rec, note: 'khác' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const nation = await get('/counting/scopes/nation?contest=na');
    expect(nation.figures.submitted - nation0.figures.submitted).toBe(1);
    expect(nation.figures.valid - nation0.figures.valid).toBe(rec.valid);
    expect(nation.figures.cvalid - nation0.figures.cvalid).toBe(0); // not confirmed yet
    const commune = await get(`/counting/scopes/commune:${area.communeCode}?contest=na`);
    const child = commune.children.find((c: { id: string }) => c.id === area.id);
    expect(child.figures).toMatchObject({ submitted: 1, valid: rec.valid, invalid: rec.invalid });
    const unit = await get(`/counting/units/${area.units.na}`);
    expect(unit.figures.valid).toBe(rec.valid + 0 * unit.figures.areas);
    for (const v of rec.votes)
      expect(unit.provisional.candidates.find((c: { id: string }) => c.id === v.candidateId).votes).toBe(v.votes);
  });

  it('§2.7 refuses a broken identity with 422 naming it in Vietnamese and English, writing nothing', async () => {
    const rec = recordFor(seed, sibling, 'na');
    const before = await electionDigest(redis, E());
    const cases: [unknown, string][] = [
      [{ ...rec, invalid: rec.invalid + 1 }, 'BALLOTS_SPLIT_MISMATCH'],
      [
        { ...rec, received: rec.issued + 1, valid: rec.valid + rec.issued + 1 - rec.received },
        'RECEIVED_EXCEEDS_ISSUED',
      ],
      [{ ...rec, issued: rec.voters + 1 }, 'ISSUED_EXCEEDS_VOTERS'],
      [{ ...rec, votes: rec.votes.map((v, i) => (i ? v : { ...v, votes: rec.valid + 1 })) }, 'CANDIDATE_EXCEEDS_VALID'],
      [{ ...rec, votes: rec.votes.slice(1) }, 'CANDIDATES_MISMATCH'],
    ];
    for (const [body, code] of cases) {
      const r = await submitRecord(app.url, tok(sibling), body);
      expect(r.status, code).toBe(422);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(/ \/ /); // "Vietnamese / English"
    }
    const seats = seed.data.units.find((u) => u.id === sibling.units.na)!.seats;
    const all = rec.votes.map((v) => ({ ...v, votes: rec.valid }));
    const tooMany = await submitRecord(app.url, tok(sibling), { ...rec, byNamesKept: undefined, votes: all });
    expect(tooMany.body.error.code, `seats ${seats}`).toBe('VOTES_EXCEED_VALID_SEATS');
    expect(await electionDigest(redis, E())).toBe(before);
  });

  it('§2.7 soft checks are accepted and flagged', async () => {
    const rec = recordFor(seed, sibling, 'pc');
    const r = await submitRecord(app.url, tok(sibling), { ...rec, voters: rec.voters + 3, issued: rec.issued + 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.flags).toEqual(expect.arrayContaining(['ISSUED_NE_VOTED', 'VOTERS_NE_LIST']));
  });

  it('a team may only enter its own area; read-only and board roles may not enter', async () => {
    const r = await submitRecord(app.url, tok(sibling), recordFor(seed, area, 'cc'));
    expect(r.status).toBe(403);
    const b = await withSession(app.url, board, 'POST', '/api/v1/counting/records', recordFor(seed, area, 'cc'), {
      headers: { 'idempotency-key': freshKey() },
    });
    expect(b.status).toBe(403);
    expect(b.body.error.code).toBe('ROLE_FORBIDDEN');
  });
});

describe('§2.6 corrections and the Election Board', () => {
  it('a correction is a new version with its reason; earlier versions stay readable', async () => {
    const v1 = recordFor(seed, area, 'na');
    const again = await submitRecord(app.url, tok(area), { ...v1, note: 'gửi lại' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RECORD_EXISTS');
    const v2 = {
      ...v1,
      invalid: v1.invalid + 1,
      valid: v1.valid - 1,
      byNamesKept: undefined,
      reason: 'Đếm lại phiếu không hợp lệ',
    };
    const stale = await submitRecord(app.url, tok(area), { ...v2, baseVersion: 2 });
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const ok = await submitRecord(app.url, tok(area), { ...v2, baseVersion: 1 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.version).toBe(2);
    const unit = await get(`/counting/units/${area.units.na}`);
    const mine = unit.areas.find((a: { id: string }) => a.id === area.id);
    expect(mine.numbers[5]).toBe(v1.invalid + 1);
    const hist = await get(`/counting/records/${area.id}/na`);
    expect(hist.version).toBe(2);
    const subs = hist.history.filter((h: { act: string }) => h.act !== 'counting:progress');
    expect(subs.map((h: { version: number }) => h.version)).toEqual([1, 2]);
    expect(subs[0].record.invalid).toBe(v1.invalid);
    expect(subs[1].reason).toBe('Đếm lại phiếu không hợp lệ');
  });

  it('§2.9 the unit’s board confirms; another unit’s board and the team may not', async () => {
    const at = atLocal(area.votingDate, '22:00');
    expect((await decide(otherBoard, area, 'na', { action: 'confirm', version: 2, at })).status).toBe(403);
    const team = await post(
      app.url,
      `/api/v1/counting/records/${area.id}/na/decision`,
      tok(area),
      { action: 'confirm', version: 2, at },
      freshKey(),
    );
    expect(team.body.error.code).toBe('ROLE_FORBIDDEN');
    expect((await decide(board, area, 'pc', { action: 'confirm', version: 1, at })).status).toBe(403); // pc: not its unit
    const old = await decide(board, area, 'na', { action: 'confirm', version: 1, at });
    expect(old.body.error.code).toBe('VERSION_CONFLICT');
    const n0 = await get('/counting/scopes/nation?contest=na');
    const ok = await decide(board, area, 'na', { action: 'confirm', version: 2, at });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.state).toBe('confirmed');
    const n1 = await get('/counting/scopes/nation?contest=na');
    expect(n1.figures.confirmed - n0.figures.confirmed).toBe(1);
    expect(n1.figures.submitted - n0.figures.submitted).toBe(-1);
    expect(n1.figures.valid).toBe(n0.figures.valid); // provisional unchanged
    const rec = await get(`/counting/records/${area.id}/na`);
    expect(n1.figures.cvalid - n0.figures.cvalid).toBe(rec.history.at(-2).record.valid);
    const late = await submitRecord(app.url, tok(area), {
      ...recordFor(seed, area, 'na'),
      reason: 'sửa sau xác nhận',
      baseVersion: 2,
    });
    expect(late.body.error.code).toBe('RECORD_CONFIRMED');
  });

  it('a confirmed record returned with a reason leaves the totals, and its next version is flagged', async () => {
    const at = atLocal(area.votingDate, '22:30');
    const n0 = await get('/counting/scopes/nation?contest=na');
    const noReason = await decide(board, area, 'na', { action: 'return', version: 2, at });
    expect(noReason.status).toBe(400);
    const r = await decide(board, area, 'na', { action: 'return', version: 2, at, reason: 'Sai số phiếu hợp lệ' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const n1 = await get('/counting/scopes/nation?contest=na');
    expect(n1.figures.returned - n0.figures.returned).toBe(1);
    expect(n0.figures.valid - n1.figures.valid).toBeGreaterThan(0);
    expect(n0.figures.cvalid - n1.figures.cvalid).toBe(n0.figures.valid - n1.figures.valid);
    const v3 = { ...recordFor(seed, area, 'na'), reason: 'Kiểm lại theo yêu cầu của Ban bầu cử', baseVersion: 2 };
    const s = await submitRecord(app.url, tok(area), v3);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body.flags).toContain('CHANGED_AFTER_CONFIRMATION');
    const unit = await get(`/counting/units/${area.units.na}`);
    expect(unit.areas.find((a: { id: string }) => a.id === area.id).anomalies).toContain('CHANGED_AFTER_CONFIRMATION');
  });

  it('every counting write is in the election’s audit chain', async () => {
    const entries = await redis.xRange(`ecc:{${E()}}:audit`, '-', '+');
    const acts = entries.map((e) => e.message.act);
    for (const a of ['counting:progress', 'counting:submit', 'counting:correct', 'counting:confirm', 'counting:return'])
      expect(acts).toContain(a);
    expect(entries.some((e) => e.message.outcome === 'denied' && e.message.act === 'counting:review')).toBe(true);
  });
});

describe('§2.8 unit results and the media feed', () => {
  it('the OpenAPI document describes the counting and results endpoints', async () => {
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/v1/counting/progress',
      '/api/v1/counting/records',
      '/api/v1/counting/records/{area}/{contest}/decision',
      '/api/v1/counting/units/{unit}',
      '/api/v1/results/feed',
      '/api/v1/results/export',
    ])
      expect(doc.paths, p).toHaveProperty([p]);
  });

  it('§2.8 the unit view applies the winner rule to the counted records', async () => {
    const unit = await get(`/counting/units/${area.units.na}`);
    const p = unit.provisional;
    expect(p.candidates).toHaveLength(seed.data.candidates.filter((c) => c.unitId === area.units.na).length);
    for (const c of p.candidates) expect(c.qualifies).toBe(2 * c.votes > p.totals.valid);
    expect(p.elected.length).toBeLessThanOrEqual(unit.unit.seats);
    expect(unit.complete).toBe(false);
  });

  it('the feed returns every change after a sequence number, the same for everyone, cacheable', async () => {
    const all = await fetch(`${app.url}/api/v1/results/feed?election=${E()}`);
    expect(all.headers.get('cache-control')).toMatch(/public/);
    const body = (await all.json()) as { entries: { seq: number; state: string }[]; next: number };
    expect(body.entries.length).toBeGreaterThanOrEqual(6);
    expect(body.entries.map((e) => e.seq)).toEqual(body.entries.map((_, i) => i + 1));
    const tail = await get(`/results/feed?since=${body.next - 2}`);
    expect(tail.entries.map((e: { seq: number }) => e.seq)).toEqual([body.next - 1, body.next]);
    const page = await fetch(`${app.url}/api/v1/results/feed?election=${E()}&since=0&limit=2`);
    expect(page.headers.get('cache-control')).toMatch(/immutable/);
  });
});
