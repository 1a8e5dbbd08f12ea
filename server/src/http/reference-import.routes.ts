import express, { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import type { Election, SheetKind } from '@ecc/shared';
import { SHEETS, SHEET_KINDS, parseCsv, stampFileName, stripDrillRow, toSheets } from '@ecc/shared';
import { UnreadableWorkbook, sheetsToXlsx, xlsxToSheets } from '../export/reference-xlsx.js';
import type { ReferenceImportService } from '../services/reference-import.service.js';
import type { Redis } from '../store/redis.js';
import { readReference } from '../store/reference-read.js';
import { electionCsv, toCsv } from './csv.js';
import { sendError } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A national sheet of candidates is ~30 MB of CSV; the app's 64 KB JSON limit does not apply here. */
const LIMIT = '64mb';
const csvBodySchema = z.strictObject({
  sheets: z
    .strictObject(
      Object.fromEntries(SHEET_KINDS.map((k) => [k, z.string().optional()])) as Record<
        SheetKind,
        z.ZodOptional<z.ZodString>
      >,
    )
    .refine((s) => Object.values(s).some((v) => v !== undefined), 'at least one sheet'),
});

function csvOf(rows: string[][], election: Election | null): string {
  const [header, ...data] = rows;
  return electionCsv(header ?? [], data, election);
}

function download(res: Response, type: string, name: string, body: string | Buffer): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(body);
}

/**
 * Templates, exports and imports of reference data (issue 9). Mounted before the API's 64 KB JSON parser: imports
 * carry whole sheets. XLSX: the workbook as the body. CSV: `{"sheets":{"areas":"…csv…", …}}` (any subset; the
 * other sheets are taken from what the election holds). `?dryRun=1` previews: the same checks, nothing written.
 */
export function referenceImportRoutes(d: { imports: ReferenceImportService; redis: Redis; guard: Guard }): Router {
  const r = Router();
  const g = d.guard;

  r.get('/reference/template.xlsx', async (_req, res) => {
    const empty = Object.fromEntries(SHEET_KINDS.map((k) => [k, [SHEETS[k].columns.map((c) => c.vi)]])) as Record<
      SheetKind,
      string[][]
    >;
    download(res, XLSX_TYPE, 'mau-du-lieu-bau-cu.xlsx', await sheetsToXlsx(empty, null));
  });
  r.get('/reference/templates/:sheet.csv', (req, res) => {
    const kind = SHEET_KINDS.find((k) => k === req.params.sheet);
    if (!kind) return sendError(res, 'NOT_FOUND');
    download(
      res,
      'text/csv; charset=utf-8',
      `mau-${kind}.csv`,
      toCsv(
        SHEETS[kind].columns.map((c) => c.vi),
        [],
      ),
    );
  });

  const exportGuard = [g.ip, g.authenticate, g.allow('reference:manage')];
  r.get('/elections/:id/reference.xlsx', ...exportGuard, async (req, res) => {
    const data = await readReference(d.redis, String(req.params.id));
    if (!data) return sendError(res, 'ELECTION_NOT_FOUND');
    const name = stampFileName(`${data.election.id}-du-lieu.xlsx`, data.election);
    download(res, XLSX_TYPE, name, await sheetsToXlsx(toSheets(data), data.election));
  });
  r.get('/elections/:id/reference/:sheet.csv', ...exportGuard, async (req, res) => {
    const kind = SHEET_KINDS.find((k) => k === req.params.sheet);
    if (!kind) return sendError(res, 'NOT_FOUND');
    const data = await readReference(d.redis, String(req.params.id));
    if (!data) return sendError(res, 'ELECTION_NOT_FOUND');
    const name = stampFileName(`${data.election.id}-${kind}.csv`, data.election);
    download(res, 'text/csv; charset=utf-8', name, csvOf(toSheets(data)[kind], data.election));
  });

  r.post(
    '/elections/:id/reference/import',
    g.ip,
    express.raw({ type: XLSX_TYPE, limit: LIMIT }),
    express.json({ limit: LIMIT }),
    g.authenticate,
    g.allow('elections:manage'),
    async (req, res) => {
      let sheets: Partial<Record<SheetKind, string[][]>>;
      if (Buffer.isBuffer(req.body)) {
        try {
          sheets = await xlsxToSheets(req.body);
        } catch (e) {
          if (e instanceof UnreadableWorkbook) return sendError(res, 'UNSUPPORTED_FILE');
          throw e;
        }
      } else {
        const body = csvBodySchema.safeParse(req.body);
        if (!body.success)
          return sendError(res, req.is('json') ? 'INVALID_FIELD' : 'UNSUPPORTED_FILE', { field: 'sheets' });
        sheets = {};
        for (const [k, text] of Object.entries(body.data.sheets) as [SheetKind, string | undefined][]) {
          if (text === undefined) continue;
          try {
            sheets[k] = parseCsv(text);
          } catch {
            return sendError(res, 'MALFORMED', {
              field: `sheets.${k}`,
              detail: { issue: 'CSV ends inside a quoted field' },
            });
          }
        }
      }
      for (const k of Object.keys(sheets) as SheetKind[]) sheets[k] = stripDrillRow(sheets[k]!);
      const apply = req.query.dryRun !== '1' && req.query.dryRun !== 'true';
      const out = await d.imports.run(principalOf(res)!, String(req.params.id), sheets, apply, ipOf(res));
      if (!out.ok) return sendError(res, out.code);
      if (apply && out.data.errors > 0)
        return sendError(res, 'REFERENCE_INVALID', { detail: { issues: out.data.issues } });
      res.json(out.data);
    },
  );
  return r;
}
