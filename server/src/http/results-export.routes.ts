import { Router } from 'express';
import type { Contest, Election } from '@ecc/shared';
import { CONTESTS, contestSchema, stampFileName, stampTitle, unitIdSchema } from '@ecc/shared';
import { z } from 'zod';
import { tableCsv, tablesXlsx } from '../export/results-files.js';
import { areaTable, provinceTable, unitTable } from '../export/results-tables.js';
import type { Table } from '../export/results-tables.js';
import { unitRecordPdf } from '../export/unit-record-pdf.js';
import type { ResultsExportService } from '../services/results-export.service.js';
import { electionCsv } from './csv.js';
import { sendError, zodField } from './errors.js';

const exportQuery = z.object({
  election: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/)
    .optional(),
  level: z.enum(['area', 'unit', 'province']).default('unit'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  scope: z.union([z.literal('nation'), z.string().regex(/^province:\d{2}$/)]).default('nation'),
  contest: contestSchema.optional(),
  layer: z.enum(['provisional', 'confirmed']).default('confirmed'),
});

/**
 * Results files: CSV or XLSX by polling area, unit or province (one table per file), and the
 * Election Board's printable unit result record (§2.9). The same numbers as the screens and the feed.
 */
export function resultsExportRoutes(d: {
  exports: ResultsExportService;
  defaultElection: string;
  /** The election's settings: a drill's files carry DIỄN TẬP / DRILL (issue 9, shared/src/domain/election-label.ts). */
  electionOf?: (id: string) => Promise<Election | null>;
}): Router {
  const r = Router();

  r.get('/results/export', async (req, res) => {
    const q = exportQuery.safeParse(req.query);
    if (!q.success) return sendError(res, 'INVALID_FIELD', zodField(q.error));
    const { level, format, scope, layer } = q.data;
    const election = q.data.election ?? d.defaultElection;
    const contests: Contest[] = q.data.contest ? [q.data.contest] : [...CONTESTS];
    const build: Record<typeof level, () => Promise<Table>> = {
      area: async () => areaTable(await d.exports.areaRows(election, scope, contests)),
      unit: async () => unitTable(await d.exports.unitRows(election, scope, contests, layer)),
      province: async () => provinceTable(await d.exports.provinceRows(election, contests, layer)),
    };
    const name = `ket-qua-${election}-${scope.replace(':', '-')}-${layer}`;
    const info = (await d.electionOf?.(election)) ?? null;
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${stampFileName(`${name}-${level}.csv`, info)}"`);
      const t = await build[level]();
      return void res.send(info?.kind === 'drill' ? electionCsv(t.header, t.rows, info) : tableCsv(t));
    }
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${stampFileName(`${name}-${level}.xlsx`, info)}"`);
    res.send(await tablesXlsx([await build[level]()], stampTitle(name, info)));
  });

  r.get('/counting/units/:unitId/record.pdf', async (req, res) => {
    const unit = unitIdSchema.safeParse(req.params.unitId);
    if (!unit.success) return sendError(res, 'INVALID_FIELD', { field: 'unitId' });
    const election = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
    const data = await d.exports.unitRecord(election, unit.data);
    if (!data) return sendError(res, 'NOT_FOUND', { field: 'unitId' });
    res.setHeader('Content-Type', 'application/pdf');
    const info = (await d.electionOf?.(election)) ?? null;
    res.setHeader('Content-Disposition', `inline; filename="${stampFileName(`bien-ban-${unit.data}.pdf`, info)}"`);
    res.send(await unitRecordPdf(data));
  });

  return r;
}
