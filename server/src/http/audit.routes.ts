import type { Election } from '@ecc/shared';
import { stampFileName } from '@ecc/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditStore } from '../store/audit.store.js';
import { electionCsv } from './csv.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

const querySchema = z.object({
  election: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/)
    .optional(),
  who: z.string().max(100).optional(),
  act: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * Read-only view of the audit chains (global, or one election's), filtered by who, what and time. There is no
 * route that writes or deletes an entry. An export is itself audited.
 */
export function auditRoutes(d: {
  audit: AuditStore;
  guard: Guard;
  /** The election's settings, for the drill mark on an election's export (issue 9). */
  electionOf?: (id: string) => Promise<Election | null>;
}): Router {
  const r = Router();
  r.get('/audit', d.guard.authenticate, d.guard.allow('audit:read'), async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) return sendError(res, 'INVALID_FIELD', zodField(q.error));
    const f = q.data;
    if (f.format === 'csv' && !(await d.guard.check(res, 'audit:export', {}, 'audit'))) return;
    const entries = await d.audit.query(
      {
        ...(f.election ? { electionId: f.election } : {}),
        ...(f.who ? { who: f.who } : {}),
        ...(f.act ? { act: f.act } : {}),
        ...(f.from ? { fromMs: Date.parse(f.from) } : {}),
        ...(f.to ? { toMs: Date.parse(f.to) } : {}),
      },
      f.limit,
    );
    if (f.format === 'json') return void res.json({ entries });
    const p = principalOf(res)!;
    await d.audit.append([
      {
        ts: Date.now(),
        who: p.subject ?? p.name,
        role: p.role,
        act: 'audit:export',
        ip: ipOf(res),
        target: f.election ?? 'global',
        outcome: 'ok',
        detail: `${entries.length} entries`,
      },
    ]);
    const info = f.election ? ((await d.electionOf?.(f.election)) ?? null) : null;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${stampFileName('audit.csv', info)}"`);
    res.send(
      electionCsv(
        ['seq', 'time', 'who', 'role', 'action', 'address', 'target', 'outcome', 'detail', 'hash'],
        entries.map((e) => [
          e.seq,
          new Date(e.ts).toISOString(),
          e.who,
          e.role,
          e.act,
          e.ip,
          e.target,
          e.outcome,
          e.detail,
          e.h,
        ]),
        info,
      ),
    );
  });
  return r;
}
