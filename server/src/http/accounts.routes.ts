import { placeLabel, roleSchema } from '@ecc/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AccountsService, AccountView } from '../services/accounts.service.js';
import type { WallsService } from '../services/walls.service.js';
import { toCsv } from './csv.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

const createSchema = z.object({
  username: z.string().max(64),
  role: roleSchema,
  jurisdiction: z.string().max(64),
  name: z.string().max(200).optional(),
  election: z.string().max(40).optional(),
});
const patchSchema = z.strictObject({
  role: roleSchema.optional(),
  jurisdiction: z.string().max(64).optional(),
  status: z.enum(['active', 'revoked']).optional(),
  resetPassword: z.boolean().optional(),
});
const wallSchema = z.object({ name: z.string().min(1).max(100), scope: z.string().max(64).optional() });

const iso = (ms: number) => (ms ? new Date(ms).toISOString() : '');

export function accountsCsv(list: AccountView[]): string {
  return toCsv(
    [
      'username',
      'name',
      'role',
      'jurisdiction',
      'election',
      'status',
      'must_change_password',
      'created_at',
      'last_sign_in_at',
    ],
    list.map((a) => [
      a.username,
      a.name,
      a.role,
      placeLabel(a.jurisdiction),
      a.election,
      a.status,
      a.mustChangePassword ? 'yes' : 'no',
      iso(a.createdAt),
      iso(a.lastSignInAt),
    ]),
  );
}

export interface AccountRouteDeps {
  accounts: AccountsService;
  walls: WallsService;
  guard: Guard;
  defaultElection: string;
}

/** Account review and administration, wall tokens. Thin: parse, authorise, call the service, answer. */
export function accountRoutes(d: AccountRouteDeps): Router {
  const r = Router();
  const g = d.guard;
  r.use(['/accounts', '/walls'], g.authenticate);

  r.get('/accounts', g.allow('accounts:read'), async (req, res) => {
    const list = await d.accounts.list(principalOf(res)!);
    if (req.query.format !== 'csv') return void res.json({ accounts: list });
    await d.accounts.recordExport(principalOf(res)!, ipOf(res), list.length);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="accounts.csv"');
    res.send(accountsCsv(list));
  });

  r.post('/accounts', g.allow('accounts:manage'), async (req, res) => {
    const body = createSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const out = await d.accounts.create(principalOf(res)!, body.data, ipOf(res));
    if (!out.ok) return sendError(res, out.code, out.field ? { field: out.field } : {});
    res.status(201).json(out.data);
  });

  r.patch('/accounts/:username', g.allow('accounts:manage'), async (req, res) => {
    const body = patchSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const out = await d.accounts.update(principalOf(res)!, String(req.params.username), body.data, ipOf(res));
    if (!out.ok) return sendError(res, out.code, out.field ? { field: out.field } : {});
    res.json(out.data);
  });

  r.get('/walls', g.allow('accounts:manage'), async (_req, res) => void res.json({ walls: await d.walls.list() }));

  r.post('/walls', g.allow('accounts:manage'), async (req, res) => {
    const body = wallSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const election = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
    const out = await d.walls.issue(principalOf(res)!, { ...body.data, election }, ipOf(res));
    if (!out) return sendError(res, 'INVALID_JURISDICTION', { field: 'scope' });
    res.status(201).json(out);
  });

  r.delete('/walls/:id', g.allow('accounts:manage'), async (req, res) => {
    if (!(await d.walls.revokeWall(principalOf(res)!, String(req.params.id), ipOf(res))))
      return sendError(res, 'NOT_FOUND');
    res.status(204).end();
  });
  return r;
}
