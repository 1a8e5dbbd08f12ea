import { Router } from 'express';
import { z } from 'zod';
import { ELECTION_STATUSES } from '@ecc/shared';
import type { ElectionsAdminService } from '../services/elections-admin.service.js';
import { newElectionSchema } from '../services/elections-admin.service.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

const statusSchema = z.strictObject({ status: z.enum(ELECTION_STATUSES) });

/** The election registry's writes (admin): create, status, reset or delete a drill. `GET /elections` is in app.ts. */
export function electionRoutes(d: { admin: ElectionsAdminService; guard: Guard }): Router {
  const r = Router();
  const g = d.guard;
  const manage = [g.authenticate, g.allow('elections:manage')];

  r.post('/elections', ...manage, async (req, res) => {
    const body = newElectionSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const out = await d.admin.create(principalOf(res)!, body.data, ipOf(res));
    if (!out.ok) return sendError(res, out.code, out.field ? { field: out.field } : {});
    res.status(201).json({ election: out.data });
  });

  r.post('/elections/:id/status', ...manage, async (req, res) => {
    const body = statusSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const out = await d.admin.setStatus(principalOf(res)!, String(req.params.id), body.data.status, ipOf(res));
    if (!out.ok) return sendError(res, out.code, out.field ? { field: out.field } : {});
    res.json({ election: out.data });
  });

  r.post('/elections/:id/reset', ...manage, async (req, res) => {
    const out = await d.admin.reset(principalOf(res)!, String(req.params.id), ipOf(res));
    if (!out.ok) return sendError(res, out.code);
    res.json(out.data);
  });

  r.delete('/elections/:id', ...manage, async (req, res) => {
    const out = await d.admin.remove(principalOf(res)!, String(req.params.id), ipOf(res));
    if (!out.ok) return sendError(res, out.code);
    res.status(204).end();
  });
  return r;
}
