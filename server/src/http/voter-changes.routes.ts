import { Router } from 'express';
import type { Request, Response } from 'express';
import type { ErrorCode, Target } from '@ecc/shared';
import {
  authorize,
  contains,
  idempotencyKeySchema,
  NATIONAL_ROLES,
  voterChangeQuerySchema,
  voterChangeRequestSchema,
  voterChangeRevertSchema,
} from '@ecc/shared';
import type { ElectionContext } from '../services/elections.service.js';
import type { ChangeOutcome, VoterChangesService } from '../services/voter-changes.service.js';
import type { VoterReportService } from '../services/voter-report.service.js';
import { voterReportPdf, voterReportXlsx } from '../export/voter-change-report.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

/** A scope string as an authorisation target, with its lineage from the reference data. */
export function scopeTarget(ctx: ElectionContext, scope: string): Target {
  const [kind, code = ''] = scope.split(':');
  if (kind === 'province') return { province: code };
  if (kind === 'commune') return { commune: code, province: ctx.communes.get(code)?.provinceCode ?? '' };
  if (kind === 'area')
    return { area: code, commune: code.slice(0, 5), province: ctx.communes.get(code.slice(0, 5))?.provinceCode ?? '' };
  return {};
}

/**
 * Voter-list changes (§5) and the voter-change report. Writes: bearer token or session + CSRF, an Idempotency-Key,
 * the persistence gate; reads: `voters:read` within the jurisdiction (the report also for its ancestors, like the
 * scope figures; the list of individual changes only inside it).
 */
export function voterChangeRoutes(d: {
  changes: VoterChangesService;
  reports: VoterReportService;
  guard: Guard;
  writeGate: () => ErrorCode | null;
  defaultElection: string;
}): Router {
  const r = Router();
  const g = d.guard;

  const answer = (res: Response, o: ChangeOutcome) => {
    if (!o.ok) return sendError(res, o.code, { ...(o.status ? { status: o.status } : {}), detail: o.detail });
    if (o.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json(o.change);
  };
  const writeContext = (req: Request, res: Response) => {
    const raw = req.headers['idempotency-key'];
    const key = idempotencyKeySchema.safeParse(raw);
    if (!key.success) {
      if (raw === undefined) sendError(res, 'MISSING_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' });
      else sendError(res, 'INVALID_FIELD', { field: 'Idempotency-Key', detail: zodField(key.error).detail });
      return null;
    }
    const gate = d.writeGate();
    if (gate) return (sendError(res, gate), null);
    return {
      principal: principalOf(res)!,
      idempotencyKey: key.data,
      requestId: String(res.locals.requestId ?? ''),
      ip: ipOf(res),
    };
  };

  r.post('/voter-changes', g.authenticate, g.allow('voters:change'), async (req, res) => {
    const body = voterChangeRequestSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const c = writeContext(req, res);
    if (c) answer(res, await d.changes.submit(c, body.data));
  });

  r.post('/voter-changes/:id/revert', g.authenticate, g.allow('voters:change'), async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return sendError(res, 'INVALID_FIELD', { field: 'id' });
    const body = voterChangeRevertSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const c = writeContext(req, res);
    if (c) answer(res, await d.changes.revert(c, id, body.data));
  });

  /** Parses the query and checks the reader's jurisdiction; answers and returns null when it may not. */
  const readQuery = async (req: Request, res: Response, inside: boolean) => {
    const q = voterChangeQuerySchema.safeParse(req.query);
    if (!q.success) return (sendError(res, 'INVALID_FIELD', zodField(q.error)), null);
    const p = principalOf(res)!;
    const election = p.election || d.defaultElection;
    const ctx = await d.reports.context(election);
    if (!ctx) return (sendError(res, 'NOT_FOUND'), null);
    const target = scopeTarget(ctx, q.data.scope);
    if (q.data.scope !== 'nation' && !target.province) return (sendError(res, 'SCOPE_NOT_FOUND'), null);
    const ok = inside
      ? authorize(p, 'voters:read', target).ok && (NATIONAL_ROLES.has(p.role) || contains(p.jurisdiction, target))
      : await g.check(res, 'voters:read', target, q.data.scope);
    if (!ok) return (inside ? sendError(res, 'FORBIDDEN') : undefined, null);
    return {
      election,
      scope: q.data.scope,
      format: q.data.format,
      fromMs: q.data.from ? Date.parse(q.data.from) : null,
      toMs: q.data.to ? Date.parse(q.data.to) : null,
    };
  };

  r.get('/voter-changes', g.authenticate, g.allow('voters:read'), async (req, res) => {
    const q = await readQuery(req, res, true);
    if (!q) return;
    const changes = await d.changes.list(q.election, q.scope, q.fromMs ?? -Infinity, q.toMs ?? Infinity);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ scope: q.scope, changes });
  });

  r.get('/voter-changes/report', g.authenticate, g.allow('voters:read'), async (req, res) => {
    const q = await readQuery(req, res, false);
    if (!q) return;
    const report = await d.reports.build(q.election, q.scope, q.fromMs, q.toMs);
    res.setHeader('Cache-Control', 'no-store');
    if (q.format === 'json') return void res.json(report);
    const name = `bien-dong-cu-tri-${q.scope.replace(':', '-')}`;
    if (q.format === 'xlsx') {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      return void res.send(await voterReportXlsx(report));
    }
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.pdf"`);
    res.send(await voterReportPdf(report));
  });

  return r;
}
