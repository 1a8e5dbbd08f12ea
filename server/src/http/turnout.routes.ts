import { Router } from 'express';
import { pollingAreaIdSchema } from '@ecc/shared';
import type { TurnoutStore } from '../store/turnout.store.js';
import { sendError } from './errors.js';

/** Reads of an area's turnout history (the writes are served by fast-path.ts). */
export function turnoutRoutes(d: { store: TurnoutStore; defaultElection: string }): Router {
  const r = Router();
  r.get('/areas/:id/turnout/history', async (req, res) => {
    const id = pollingAreaIdSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, 'INVALID_FIELD', { field: 'id' });
    const election = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
    const entries = await d.store.history(election, id.data);
    res.json({ pollingAreaId: id.data, entries });
  });
  return r;
}
