import { Router } from 'express';
import type { Request, Response } from 'express';
import { contestSchema, scopeSchema } from '@ecc/shared';
import { z } from 'zod';
import type { ElectionContext, ElectionsService } from '../services/elections.service.js';
import type { ScopesService } from '../services/scopes.service.js';
import { sendError } from './errors.js';

export interface ScopeRouteDeps {
  scopes: ScopesService;
  elections: ElectionsService;
  defaultElection: string;
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100_000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

function parseList(req: Request, res: Response): z.infer<typeof listQuery> | null {
  const q = listQuery.safeParse(req.query);
  if (q.success) return q.data;
  sendError(res, 'INVALID_FIELD', { field: String(q.error.issues[0]?.path[0] ?? 'query') });
  return null;
}

/** Resolves the election (query `election`, else the server's live one) and the scope, or answers 400/404. */
async function resolve(d: ScopeRouteDeps, req: Request, res: Response): Promise<[ElectionContext, string] | null> {
  const scope = scopeSchema.safeParse(req.params.scope);
  if (!scope.success) {
    sendError(res, 'INVALID_FIELD', { field: 'scope' });
    return null;
  }
  const electionId = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
  const ctx = await d.elections.get(electionId);
  if (!ctx) {
    sendError(res, 'NOT_FOUND', { field: 'election' });
    return null;
  }
  return [ctx, scope.data];
}

export function scopeRoutes(d: ScopeRouteDeps): Router {
  const r = Router();

  r.get('/scopes/:scope', async (req, res) => {
    const x = await resolve(d, req, res);
    if (!x) return;
    const view = await d.scopes.view(x[0].election.id, x[1]);
    if (!view) return sendError(res, 'SCOPE_NOT_FOUND', { field: 'scope' });
    res.json(view);
  });

  r.get('/scopes/:scope/series', async (req, res) => {
    const x = await resolve(d, req, res);
    if (!x) return;
    res.json({ scope: x[1], points: await d.scopes.series(x[0].election.id, x[1]) });
  });

  r.get('/scopes/:scope/silent', async (req, res) => {
    const x = await resolve(d, req, res);
    const q = x && parseList(req, res);
    if (!x || !q) return;
    const s = await d.scopes.silent(x[0], x[1]);
    // groupBy=child: counts per child (province, commune or area), so a wall need not fetch every silent id.
    if (req.query.groupBy === 'child') {
      return void res.json({
        scope: x[1],
        asOf: s.asOf,
        threshold: s.threshold,
        count: s.areas.length,
        byChild: d.scopes.countByChild(x[0], x[1], s.areas),
      });
    }
    res.json({ scope: x[1], ...s, count: s.areas.length, areas: s.areas.slice(q.offset, q.offset + q.limit) });
  });

  r.get('/scopes/:scope/full', async (req, res) => {
    const x = await resolve(d, req, res);
    const q = x && parseList(req, res);
    if (!x || !q) return;
    const ids = await d.scopes.full(x[0], x[1]);
    res.json({ scope: x[1], count: ids.length, areas: ids.slice(q.offset, q.offset + q.limit) });
  });

  r.get('/scopes/:scope/units-at-risk', async (req, res) => {
    const x = await resolve(d, req, res);
    if (!x) return;
    const contest = contestSchema.safeParse(req.query.contest ?? 'na');
    if (!contest.success) return sendError(res, 'INVALID_FIELD', { field: 'contest' });
    const q = listQuery.parse(req.query);
    const units = await d.scopes.unitsAtRisk(x[0], x[1], contest.data, Math.min(q.limit, 1000));
    res.json({ scope: x[1], contest: contest.data, units });
  });

  return r;
}
