import { Router } from 'express';
import type { Request, Response } from 'express';
import type { PublicCommune } from '@ecc/shared';
import { areaPublicPath, publicCommuneSchema } from '@ecc/shared';
import { areaPostersPdf } from '../export/area-poster.js';
import type { PublicLookupService } from '../services/public-lookup.service.js';
import { sendError } from './errors.js';
import type { Guard } from './guard.js';
import { principalOf } from './guard.js';

/**
 * Printable A4 posters with each polling area's QR code (§5: posted beside the voter list), for the committees
 * that print them: one area, or a whole commune in one PDF. Built from the same snapshot the public page shows.
 */
export function posterRoutes(d: {
  lookup: PublicLookupService;
  guard: Guard;
  defaultElection: string;
  publicBaseUrl: string | undefined;
  trustProxy: boolean;
}): Router {
  const r = Router();
  const g = d.guard;
  const base = (req: Request) => {
    if (d.publicBaseUrl) return d.publicBaseUrl.replace(/\/$/, '');
    const fwd = d.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
    return `${typeof fwd === 'string' ? fwd : req.protocol}://${req.headers.host ?? 'localhost'}`;
  };

  async function send(req: Request, res: Response, commune: string, area?: string) {
    const p = principalOf(res)!;
    const election = p.election || d.defaultElection;
    const b = await d.lookup.commune(election, commune);
    if (!b) return sendError(res, area ? 'AREA_NOT_FOUND' : 'SCOPE_NOT_FOUND');
    const c: PublicCommune = publicCommuneSchema.parse(JSON.parse(b.json.toString('utf8')));
    const areas = area ? c.areas.filter((a) => a.id === area) : c.areas;
    if (areas.length === 0) return sendError(res, 'AREA_NOT_FOUND');
    const target = area ? { area, commune, province: c.province.code } : { commune, province: c.province.code };
    if (!(await g.check(res, 'voters:read', target, area ? `area:${area}` : `commune:${commune}`))) return;
    const origin = base(req);
    const other = election === d.defaultElection ? undefined : election;
    const pdf = await areaPostersPdf(c, areas, (a) => origin + areaPublicPath(a.id, other));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="khu-vuc-bo-phieu-${area ?? commune}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }

  r.get('/posters/areas/:id', g.authenticate, g.allow('voters:read'), async (req, res) => {
    const id = String(req.params.id);
    if (!/^\d{5}-\d{4}$/.test(id)) return sendError(res, 'INVALID_FIELD', { field: 'id' });
    await send(req, res, id.slice(0, 5), id);
  });
  r.get('/posters/communes/:code', g.authenticate, g.allow('voters:read'), async (req, res) => {
    const code = String(req.params.code);
    if (!/^\d{5}$/.test(code)) return sendError(res, 'INVALID_FIELD', { field: 'code' });
    await send(req, res, code);
  });
  return r;
}
