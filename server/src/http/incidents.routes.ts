import type { ErrorCode, Principal } from '@ecc/shared';
import { idempotencyKeySchema, incidentIdSchema, NATIONAL_ROLES, placeLabel } from '@ecc/shared';
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { IncidentsService } from '../services/incidents.service.js';
import type { ElectionsService } from '../services/elections.service.js';
import type { PhotoStore } from '../store/photos.store.js';
import { sendError } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';
import { readReportUpload } from './multipart.js';
import { incidentScopeSchema } from '../realtime/incidents.handlers.js';

export interface IncidentRouteDeps {
  incidents: IncidentsService;
  elections: ElectionsService;
  photos: PhotoStore;
  guard: Guard;
  writeGate: () => ErrorCode | null;
}

const actor = (p: Principal, res: Response) => ({ who: p.subject ?? p.name, role: p.role, ip: ipOf(res) });

/** National roles may name another election; everyone else works in their account's election. */
function electionOf(req: Request, p: Principal): string {
  const q = req.query.election;
  return NATIONAL_ROLES.has(p.role) && typeof q === 'string' && /^[a-z0-9-]{2,40}$/.test(q) ? q : p.election;
}

const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/** Incidents: report (JSON or multipart with photos), list and read by jurisdiction, triage steps, photos. */
export function incidentRoutes(d: IncidentRouteDeps): Router {
  const r = Router();
  const g = d.guard;
  // Incidents are never public, whatever PUBLIC_READS says: a principal is required for every route.
  r.use('/incidents', g.authenticate, (_req, res, next) =>
    principalOf(res) ? next() : sendError(res, 'UNAUTHENTICATED'),
  );

  r.post('/incidents', g.allow('incident:write'), async (req, res) => {
    const p = principalOf(res)!;
    const rawKey = req.get('idempotency-key');
    const key = idempotencyKeySchema.safeParse(rawKey);
    let body: unknown;
    let photos: Buffer[] = [];
    if (req.is('multipart/form-data')) {
      const up = await readReportUpload(req);
      if (!up.ok) return sendError(res, up.code, { field: up.field });
      try {
        body = JSON.parse(up.upload.incident ?? '');
      } catch {
        return sendError(res, 'MALFORMED', { field: 'incident' });
      }
      photos = up.upload.photos;
    } else if (req.is('application/json')) body = req.body;
    else return sendError(res, 'UNSUPPORTED_MEDIA_TYPE');
    if (!key.success) {
      return rawKey === undefined
        ? sendError(res, 'MISSING_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' })
        : sendError(res, 'INVALID_FIELD', { field: 'Idempotency-Key' });
    }
    const gate = d.writeGate();
    if (gate) return sendError(res, gate);
    const election = p.election;
    const out = await d.incidents.report(election, p, actor(p, res), body, photos, key.data, (t) =>
      g.check(
        res,
        'incident:write',
        t,
        t.area ? `area:${t.area}` : t.commune ? `commune:${t.commune}` : `province:${t.province}`,
      ),
    );
    if (!out.ok) {
      if ('denied' in out) return;
      return sendError(res, out.code, {
        ...(out.field ? { field: out.field } : {}),
        ...(out.detail ? { detail: out.detail } : {}),
      });
    }
    const incident = await d.incidents.readable(election, p, out.value.id);
    if (out.value.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json({ id: out.value.id, incident: typeof incident === 'object' ? incident : null });
  });

  r.get('/incidents', async (req, res) => {
    const p = principalOf(res)!;
    const election = electionOf(req, p);
    const parsedScope = incidentScopeSchema.safeParse(req.query.scope ?? placeLabel(p.jurisdiction));
    if (!parsedScope.success) return sendError(res, 'INVALID_FIELD', { field: 'scope' });
    const scope = parsedScope.data;
    const ctx = await d.elections.get(election);
    if (!ctx) return sendError(res, 'NOT_FOUND', { field: 'election' });
    if (!d.incidents.mayReadScope(p, scope, (c) => ctx.communes.get(c)?.provinceCode)) {
      return sendError(res, 'FORBIDDEN', { field: 'scope' });
    }
    const limit = Math.min(1000, Math.max(1, Number(req.query.limit) || 200));
    res.json(await d.incidents.list(election, scope, limit));
  });

  const load = async (req: Request, res: Response) => {
    const p = principalOf(res)!;
    const id = incidentIdSchema.safeParse(req.params.id);
    if (!id.success) return (sendError(res, 'INVALID_FIELD', { field: 'id' }), null);
    const election = electionOf(req, p);
    const i = await d.incidents.readable(election, p, id.data);
    if (i === null) return (sendError(res, 'INCIDENT_NOT_FOUND'), null);
    if (i === 'FORBIDDEN') return (sendError(res, 'FORBIDDEN'), null);
    return { p, election, incident: i };
  };

  r.get('/incidents/:id', async (req, res) => {
    const l = await load(req, res);
    if (l) res.json(await d.incidents.detail(l.election, l.incident));
  });

  r.post('/incidents/:id/events', async (req, res) => {
    const gate = d.writeGate();
    if (gate) return sendError(res, gate);
    const l = await load(req, res);
    if (!l) return;
    const out = await d.incidents.act(l.election, l.p, actor(l.p, res), l.incident, req.body, (action, t) =>
      g.check(res, action, t, `incident:${l.incident.id}`),
    );
    if (!out.ok) {
      if ('denied' in out) return;
      return sendError(res, out.code, {
        ...(out.field ? { field: out.field } : {}),
        ...(out.detail ? { detail: out.detail } : {}),
      });
    }
    const after = await d.incidents.readable(l.election, l.p, l.incident.id);
    res.json({ version: out.value.version, incident: typeof after === 'object' ? after : null });
  });

  r.get('/incidents/:id/photos/:sha', async (req, res) => {
    const l = await load(req, res);
    if (!l) return;
    const n = l.incident.photos.findIndex((ph) => ph.sha256 === req.params.sha);
    const meta = l.incident.photos[n];
    if (!meta || !(await d.photos.exists(meta.sha256))) return sendError(res, 'NOT_FOUND');
    // The type is the one checked from the bytes at upload; the browser must not guess another or run anything.
    res.setHeader('Content-Type', meta.type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('Content-Disposition', `inline; filename="${l.incident.id}-${n + 1}.${EXT[meta.type]}"`);
    d.photos
      .open(meta.sha256)
      .on('error', () => res.destroy())
      .pipe(res);
  });

  return r;
}
