import { Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { Election } from '@ecc/shared';
import { parseCsv, stampFileName } from '@ecc/shared';
import { accountSheetPdf, issuedCsv } from '../export/account-sheets.js';
import type { ProvisioningService } from '../services/provisioning.service.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

const provisionSchema = z.object({
  commune: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
});
const formatSchema = z.enum(['json', 'csv', 'pdf']).default('json');

/**
 * Provisioning (accounts from the reference data) and CSV import. The one-time passwords exist only in this
 * answer: as JSON, CSV, or (for one commune) a printable PDF. National runs use `npm run accounts:provision`.
 */
export function provisioningRoutes(d: {
  provisioning: ProvisioningService;
  guard: Guard;
  defaultElection: string;
  /** The election's settings, for the drill mark on the sheets (issue 9). */
  electionOf?: (id: string) => Promise<Election | null>;
}): Router {
  const r = Router();
  const g = d.guard;
  const election = (q: unknown) => (typeof q === 'string' && /^[a-z0-9-]{2,40}$/.test(q) ? q : d.defaultElection);

  r.post('/accounts/provision', g.authenticate, g.allow('accounts:manage'), async (req, res) => {
    const body = provisionSchema.safeParse(req.body ?? {});
    const format = formatSchema.safeParse(req.query.format);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    if (!format.success || (format.data === 'pdf' && !body.data.commune))
      return sendError(res, 'INVALID_FIELD', { field: 'format' });
    const e = election(req.query.election);
    const issued = await d.provisioning.provision(principalOf(res)!, e, ipOf(res), body.data.commune);
    res.setHeader('Cache-Control', 'no-store');
    if (format.data === 'json') return void res.status(201).json({ created: issued.length, accounts: issued });
    const info = (await d.electionOf?.(e)) ?? null;
    if (format.data === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${stampFileName('accounts-issued.csv', info)}"`);
      return void res.status(201).send(issuedCsv(issued, info));
    }
    const pdf = await accountSheetPdf(`commune ${body.data.commune}`, issued, new Date().toISOString(), info);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${stampFileName(`accounts-${body.data.commune}.pdf`, info)}"`,
    );
    res.status(201).send(pdf);
  });

  r.post(
    '/accounts/import',
    express.text({ type: 'text/csv', limit: '4mb' }),
    g.authenticate,
    g.allow('accounts:manage'),
    async (req, res) => {
      if (typeof req.body !== 'string') return sendError(res, 'UNSUPPORTED_MEDIA_TYPE');
      let rows: string[][];
      try {
        rows = parseCsv(req.body);
      } catch {
        return sendError(res, 'MALFORMED', { field: '(body)', detail: { issue: 'CSV ends inside a quoted field' } });
      }
      const out = await d.provisioning.importRows(principalOf(res)!, rows, ipOf(res));
      if (!out.ok) return sendError(res, 'IMPORT_INVALID', { detail: { errors: out.errors } });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({ created: out.issued.length, accounts: out.issued });
    },
  );
  return r;
}
