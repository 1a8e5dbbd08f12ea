import { Router } from 'express';
import type { Request, Response } from 'express';
import type { ErrorCode } from '@ecc/shared';
import {
  contestSchema,
  countingDecisionSchema,
  countingProgressSchema,
  countingRecordSchema,
  idempotencyKeySchema,
  pollingAreaIdSchema,
  scopeSchema,
  unitIdSchema,
} from '@ecc/shared';
import { z } from 'zod';
import type { CountingOutcome, CountingService, WriteMeta } from '../services/counting.service.js';
import type { ResultsService } from '../services/results.service.js';
import type { CountingStore } from '../store/counting.store.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

export interface CountingRouteDeps {
  counting: CountingService;
  results: ResultsService;
  store: CountingStore;
  guard: Guard;
  writeGate: () => ErrorCode | null;
  defaultElection: string;
}

const feedQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Resolves the write's metadata (principal, idempotency key) or answers the error. */
function meta(req: Request, res: Response, gate: () => ErrorCode | null): WriteMeta | null {
  const p = principalOf(res);
  if (!p) return (sendError(res, 'UNAUTHENTICATED'), null);
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return (sendError(res, 'MISSING_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' }), null);
  const key = idempotencyKeySchema.safeParse(raw);
  if (!key.success) return (sendError(res, 'INVALID_FIELD', { field: 'Idempotency-Key' }), null);
  const closed = gate();
  if (closed) return (sendError(res, closed), null);
  return { principal: p, idempotencyKey: key.data, requestId: String(res.locals.requestId ?? ''), ip: ipOf(res) };
}

function reply(res: Response, o: CountingOutcome): void {
  if (!o.ok) {
    return sendError(res, o.code, {
      status: o.status,
      ...(o.field ? { field: o.field } : {}),
      ...(o.detail ? { detail: o.detail } : {}),
    });
  }
  if (o.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(201).json(o.body);
}

const electionOf = (req: Request, d: CountingRouteDeps) =>
  typeof req.query.election === 'string' ? req.query.election : d.defaultElection;

/**
 * Counting and results (§2.5–2.9): the team's progress and records, the board's decisions, and the reads the
 * screens, exports and the media feed use. Thin: parse with the shared schemas, call a service, answer.
 */
export function countingRoutes(d: CountingRouteDeps): Router {
  const r = Router();
  const auth = d.guard.authenticate;

  r.post('/counting/progress', auth, async (req, res) => {
    const m = meta(req, res, d.writeGate);
    if (!m) return;
    const b = countingProgressSchema.safeParse(req.body);
    if (!b.success) return sendError(res, 'INVALID_FIELD', zodField(b.error));
    reply(res, await d.counting.progress(m, b.data));
  });

  r.post('/counting/records', auth, async (req, res) => {
    const m = meta(req, res, d.writeGate);
    if (!m) return;
    const b = countingRecordSchema.safeParse(req.body);
    if (!b.success) return sendError(res, 'INVALID_FIELD', zodField(b.error));
    reply(res, await d.counting.submit(m, b.data));
  });

  r.post('/counting/records/:areaId/:contest/decision', auth, async (req, res) => {
    const area = pollingAreaIdSchema.safeParse(req.params.areaId);
    const contest = contestSchema.safeParse(req.params.contest);
    if (!area.success || !contest.success)
      return sendError(res, 'INVALID_FIELD', { field: area.success ? 'contest' : 'areaId' });
    const m = meta(req, res, d.writeGate);
    if (!m) return;
    const b = countingDecisionSchema.safeParse(req.body);
    if (!b.success) return sendError(res, 'INVALID_FIELD', zodField(b.error));
    reply(res, await d.counting.decide(m, area.data, contest.data, b.data));
  });

  r.get('/counting/records/:areaId/:contest', async (req, res) => {
    const area = pollingAreaIdSchema.safeParse(req.params.areaId);
    const contest = contestSchema.safeParse(req.params.contest);
    if (!area.success || !contest.success)
      return sendError(res, 'INVALID_FIELD', { field: area.success ? 'contest' : 'areaId' });
    res.json(await d.results.record(electionOf(req, d), area.data, contest.data));
  });

  r.get('/counting/areas/:areaId', async (req, res) => {
    const area = pollingAreaIdSchema.safeParse(req.params.areaId);
    if (!area.success) return sendError(res, 'INVALID_FIELD', { field: 'areaId' });
    const v = await d.results.area(electionOf(req, d), area.data);
    if (!v) return sendError(res, 'AREA_NOT_FOUND', { field: 'areaId' });
    res.json(v);
  });

  r.get('/counting/scopes/:scope', async (req, res) => {
    const scope = scopeSchema.safeParse(req.params.scope);
    if (!scope.success || scope.data.startsWith('area:')) return sendError(res, 'INVALID_FIELD', { field: 'scope' });
    const contest = contestSchema.safeParse(req.query.contest ?? 'na');
    if (!contest.success) return sendError(res, 'INVALID_FIELD', { field: 'contest' });
    const v = await d.results.progress(electionOf(req, d), contest.data, scope.data);
    if (!v) return sendError(res, 'SCOPE_NOT_FOUND', { field: 'scope' });
    res.json(v);
  });

  r.get('/counting/units/:unitId', async (req, res) => {
    const unit = unitIdSchema.safeParse(req.params.unitId);
    if (!unit.success) return sendError(res, 'INVALID_FIELD', { field: 'unitId' });
    const v = await d.results.unit(electionOf(req, d), unit.data);
    if (!v) return sendError(res, 'NOT_FOUND', { field: 'unitId' });
    res.json(v);
  });

  // The media and observers' feed: the same bytes for everyone, so caches may share it. A full page never changes.
  r.get('/results/feed', async (req, res) => {
    const q = feedQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 'INVALID_FIELD', zodField(q.error));
    const election = electionOf(req, d);
    const { entries, trimmed } = await d.store.feed(election, q.data.since, q.data.limit);
    if (trimmed) {
      // Never a silent gap: say what is kept and how to get the whole state (then follow on from `latest`).
      res.setHeader('Cache-Control', 'public, max-age=5');
      return sendError(res, 'FEED_TRIMMED', {
        field: 'since',
        detail: { since: q.data.since, ...trimmed, export: '/api/v1/results/export?level=area&layer=provisional' },
      });
    }
    const next = entries.length ? entries[entries.length - 1]!.seq : q.data.since;
    // A short page is the tail: ask again from `next` later. A full one is history and is cached for good.
    const full = entries.length === q.data.limit;
    res.setHeader('Cache-Control', full ? 'public, max-age=31536000, immutable' : 'public, max-age=5');
    res.json({ election, since: q.data.since, next, entries });
  });

  return r;
}
