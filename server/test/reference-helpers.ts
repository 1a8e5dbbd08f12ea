// Shared setup of the reference-data tests (import/export, maintenance): one app, an admin session, and the
// request helpers those tests use.
import type { ReferenceData } from '@ecc/shared';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Redis } from '../src/store/redis.js';
import { makeAccount, signIn, withSession } from './accounts.js';
import type { Session } from './accounts.js';
import { redisClient, seedElection, startApp, uniqueElectionId } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReferenceTestContext {
  app: RunningApp;
  redis: Redis;
  source: Seeded;
  admin: Session;
}

/** Starts the app for the file's tests (filled in beforeAll) and stops it after them. */
export function useReferenceApp(): ReferenceTestContext {
  const c = {} as ReferenceTestContext;
  beforeAll(async () => {
    c.redis = await redisClient(inject('redisUrl'));
    c.source = await seedElection(c.redis);
    c.app = await startApp(inject('redisUrl'), { ELECTION_ID: c.source.data.election.id });
    c.admin = (
      await signIn(c.app.url, await makeAccount(c.redis, 'admin', { level: 'nation' }, c.source.data.election.id))
    ).session;
  });
  afterAll(async () => {
    await c.app.stop();
    await c.redis.quit();
  });
  return c;
}

/** A new draft election (as the admin), the date of the seeded one. */
export async function draftElection(
  c: ReferenceTestContext,
  kind = 'general',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uniqueElectionId('ref');
  const r = await withSession(c.app.url, c.admin, 'POST', '/api/v1/elections', {
    id,
    name: 'Bầu cử thử',
    kind,
    date: c.source.data.election.date,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return id;
}

/** A request as the admin with a raw body (files, CSV), answered as a fetch Response. */
export async function rawRequest(
  c: ReferenceTestContext,
  method: string,
  path: string,
  body?: Buffer | string,
  type?: string,
) {
  const headers: Record<string, string> = { cookie: c.admin.cookie, 'x-csrf-token': c.admin.csrf };
  if (type) headers['content-type'] = type;
  const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
  return fetch(c.app.url + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
}

export async function exportCsv(c: ReferenceTestContext, election: string, sheet: string): Promise<string> {
  const r = await rawRequest(c, 'GET', `/api/v1/elections/${election}/reference/${sheet}.csv`);
  expect(r.status).toBe(200);
  return r.text();
}

export const importCsv = (c: ReferenceTestContext, election: string, sheets: Record<string, string>, dryRun = false) =>
  withSession(
    c.app.url,
    c.admin,
    'POST',
    `/api/v1/elections/${election}/reference/import${dryRun ? '?dryRun=1' : ''}`,
    {
      sheets,
    },
  );

/** Polling-team tokens of a loaded data set, by area. */
export async function seedTokens(redis: Redis, data: ReferenceData): Promise<Map<string, string>> {
  const { issueTokens, reporterPrincipals } = await import('../src/store/tokens.store.js');
  const principals = reporterPrincipals(data);
  const tokens = await issueTokens(redis, principals);
  const m = new Map<string, string>();
  principals.forEach((p, i) => p.role === 'polling-team' && m.set(p.areaId, tokens[i]!));
  return m;
}
