import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pino from 'pino';
import { EV } from '@ecc/shared';
import { atLocal, connectViewer, redisClient, seedElection, startApp, waitFor } from './helpers.js';
import type { RunningApp, Seeded } from './helpers.js';
import { readHistory } from '../src/store/turnout.store.js';
import type { Redis } from '../src/store/redis.js';

let app: RunningApp;
let redis: Redis;
let seed: Seeded;
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];

beforeAll(async () => {
  redis = await redisClient(inject('redisUrl'));
  seed = await seedElection(redis);
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  app = await startApp(inject('redisUrl'), { ELECTION_ID: seed.data.election.id }, pino({ level: 'debug' }, sink));
});
afterAll(async () => {
  await app.stop();
  await redis.quit();
});

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function send(areaId: string, voted: number, time: string, key: string, rid?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${seed.teamTokens.get(areaId)}`,
    'idempotency-key': key,
  };
  if (rid) headers['x-request-id'] = rid;
  return fetch(`${app.url}/api/v1/turnout`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ pollingAreaId: areaId, voted, at: atLocal(seed.data.election.date, time) }),
  });
}

describe('metrics and logs', () => {
  it('counts accepted and rejected reports by reason', async () => {
    const a = seed.data.areas.find((x) => x.votingDate === seed.data.election.date)!;
    const acc0 = await metric('ecc_reports_accepted_total', 'kind="report",replayed="false"');
    const rej0 = await metric('ecc_reports_rejected_total', 'code="DECREASING_COUNT"');
    const bad0 = await metric('ecc_reports_rejected_total', 'code="MISSING_IDEMPOTENCY_KEY"');
    expect((await send(a.id, 30, '09:00', 'met-000001')).status).toBe(201);
    expect((await send(a.id, 20, '09:10', 'met-000002')).status).toBe(409);
    const noKey = await fetch(`${app.url}/api/v1/turnout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.teamTokens.get(a.id)}` },
      body: '{}',
    });
    expect(noKey.status).toBe(400);
    expect(await metric('ecc_reports_accepted_total', 'kind="report",replayed="false"')).toBe(acc0 + 1);
    expect(await metric('ecc_reports_rejected_total', 'code="DECREASING_COUNT"')).toBe(rej0 + 1);
    expect(await metric('ecc_reports_rejected_total', 'code="MISSING_IDEMPOTENCY_KEY"')).toBe(bad0 + 1);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const m of [
      'ecc_ingest_duration_seconds_bucket',
      'ecc_redis_command_duration_seconds_bucket',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
      'ecc_sockets_connected',
    ]) {
      expect(text, m).toContain(m);
    }
  });

  it('carries the request id from HTTP into Redis and the resulting emit, and never logs tokens', async () => {
    const a = seed.data.areas.filter((x) => x.votingDate === seed.data.election.date)[1]!;
    const socket = connectViewer(app.url, seed.data.election.id);
    try {
      await new Promise((r) => socket.emit(EV.subscribe, { scope: 'nation' }, r));
      const res = await send(a.id, 5, '09:00', 'rid-000001', 'trace-abc-123456');
      expect(res.headers.get('x-request-id')).toBe('trace-abc-123456');
      const hist = await readHistory(redis, seed.data.election.id, a.id);
      expect(hist.at(-1)!.requestId).toBe('trace-abc-123456');
      await waitFor(
        () => lines.some((l) => l.msg === 'emit' && (l.rids as string[]).includes('trace-abc-123456')),
        3000,
        'emit log',
      );
      expect(lines.some((l) => l.msg === 'request' && l.rid === 'trace-abc-123456' && l.status === 201)).toBe(true);
      expect(raw.join('')).not.toContain(seed.teamTokens.get(a.id)!);
    } finally {
      socket.close();
    }
  });
});
