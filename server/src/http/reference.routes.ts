import express, { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import type { ReferenceEditStore } from '../store/reference-edit.store.js';
import type { Redis } from '../store/redis.js';
import { readArea, readCandidates, readUnit } from '../store/reference-read.js';
import type { ElectionsService } from '../services/elections.service.js';
import type { ReferenceMaintainService } from '../services/reference-maintain.service.js';
import { areaPatchSchema, unitOfCandidate, withdrawSchema } from '../services/reference-maintain.service.js';
import { sendError, zodField } from './errors.js';
import type { Guard } from './guard.js';
import { ipOf, principalOf } from './guard.js';

const MAX_PHOTO = 2 * 1024 * 1024;
const candidateId = z.string().regex(/^c-[0-9a-z-]{2,40}$/);
const unitId = z.string().regex(/^(na|pc|cc)-[0-9a-z-]{2,24}$/);

/** JPEG or PNG by their first bytes (the declared type is not trusted). */
export function photoType(b: Buffer): 'image/jpeg' | 'image/png' | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  return null;
}

export interface ReferenceRouteDeps {
  maintain: ReferenceMaintainService;
  store: ReferenceEditStore;
  elections: ElectionsService;
  redis: Redis;
  guard: Guard;
  defaultElection: string;
}

/**
 * Candidate dossiers (public: candidate lists are published, §2.3) for the candidate page, the tablets' unit view
 * and the public lookup; and the maintenance writes, checked against the actor's jurisdiction.
 */
export function referenceRoutes(d: ReferenceRouteDeps): Router {
  const r = Router();
  const g = d.guard;
  const electionOf = (req: Request) =>
    typeof req.query.election === 'string' && /^[a-z0-9-]{2,40}$/.test(req.query.election)
      ? req.query.election
      : d.defaultElection;

  async function dossier(election: string, unit: NonNullable<Awaited<ReturnType<typeof readUnit>>>) {
    const ctx = await d.elections.get(election);
    const list = await readCandidates(d.redis, election, unit.id);
    const photos = await d.store.hasPhotos(
      election,
      list.map((c) => c.id),
    );
    const q = new URLSearchParams({ election }).toString();
    return {
      unit: {
        ...unit,
        provinceName: ctx?.provinces.get(unit.provinceCode)?.fullName ?? null,
        communeName: unit.communeCode ? (ctx?.communes.get(unit.communeCode)?.fullName ?? null) : null,
      },
      candidates: list.map(({ withdrawal, ...c }, i) => ({
        ...c,
        // Readable without signing in: the withdrawal's reason and date are published, not who recorded it or
        // when (the account name stays in the audit log).
        ...(withdrawal ? { withdrawal: { reason: withdrawal.reason, date: withdrawal.date } } : {}),
        status: withdrawal ? 'withdrawn' : 'standing',
        photoUrl: photos[i] ? `/api/v1/candidates/${c.id}/photo?${q}` : null,
      })),
    };
  }

  r.get('/candidates/:id', async (req, res) => {
    const id = candidateId.safeParse(req.params.id);
    if (!id.success) return sendError(res, 'CANDIDATE_NOT_FOUND');
    const election = electionOf(req);
    const unit = await readUnit(d.redis, election, unitOfCandidate(id.data));
    if (!unit) return sendError(res, 'CANDIDATE_NOT_FOUND');
    const view = await dossier(election, unit);
    const candidate = view.candidates.find((c) => c.id === id.data);
    if (!candidate) return sendError(res, 'CANDIDATE_NOT_FOUND');
    res.json({ election, candidate, unit: view.unit });
  });

  r.get('/candidates/:id/photo', async (req, res) => {
    const id = candidateId.safeParse(req.params.id);
    if (!id.success) return sendError(res, 'NOT_FOUND');
    const bytes = await d.store.photo(electionOf(req), id.data);
    const type = bytes && photoType(bytes);
    if (!bytes || !type) return sendError(res, 'NOT_FOUND');
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(bytes);
  });

  r.get('/units/:id/candidates', async (req, res) => {
    const id = unitId.safeParse(req.params.id);
    if (!id.success) return sendError(res, 'UNIT_NOT_FOUND');
    const election = electionOf(req);
    const unit = await readUnit(d.redis, election, id.data);
    if (!unit) return sendError(res, 'UNIT_NOT_FOUND');
    res.json({ election, ...(await dossier(election, unit)) });
  });

  // ---- Maintenance (reference:manage within the actor's jurisdiction) ----
  r.get('/elections/:id/areas/:areaId', g.authenticate, g.allow('reference:manage'), async (req, res) => {
    const election = String(req.params.id);
    const area = await readArea(d.redis, election, String(req.params.areaId));
    if (!area) return sendError(res, 'AREA_NOT_FOUND');
    const target = { province: area.provinceCode, commune: area.communeCode, area: area.id };
    if (!(await g.check(res, 'reference:manage', target, `area:${area.id}`))) return;
    res.json({ area });
  });

  r.patch('/elections/:id/areas/:areaId', g.authenticate, g.allow('reference:manage'), async (req, res) => {
    const body = areaPatchSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const election = String(req.params.id);
    const areaId = String(req.params.areaId);
    const target = await d.maintain.areaTarget(election, areaId);
    if (!target) return sendError(res, 'AREA_NOT_FOUND');
    if (!(await g.check(res, 'reference:manage', target, `area:${areaId}`))) return;
    const out = await d.maintain.editArea(principalOf(res)!, election, areaId, body.data, ipOf(res));
    if (!out.ok) return sendError(res, out.code, out.field ? { field: out.field } : {});
    res.json(out.data);
  });

  r.post('/elections/:id/candidates/:cid/withdraw', g.authenticate, g.allow('reference:manage'), async (req, res) => {
    const body = withdrawSchema.safeParse(req.body);
    if (!body.success) return sendError(res, 'INVALID_FIELD', zodField(body.error));
    const election = String(req.params.id);
    const cid = String(req.params.cid);
    const target = await d.maintain.unitTarget(election, unitOfCandidate(cid));
    if (!target) return sendError(res, 'CANDIDATE_NOT_FOUND');
    if (!(await g.check(res, 'reference:manage', target, `candidate:${cid}`))) return;
    const out = await d.maintain.withdraw(principalOf(res)!, election, cid, body.data, ipOf(res));
    if (!out.ok) return sendError(res, out.code);
    res.json(out.data);
  });

  r.put(
    '/elections/:id/candidates/:cid/photo',
    express.raw({ type: ['image/jpeg', 'image/png'], limit: MAX_PHOTO }),
    g.authenticate,
    g.allow('reference:manage'),
    async (req, res) => {
      const election = String(req.params.id);
      const cid = String(req.params.cid);
      if (!Buffer.isBuffer(req.body) || !photoType(req.body)) return sendError(res, 'UNSUPPORTED_FILE');
      const target = await d.maintain.unitTarget(election, unitOfCandidate(cid));
      if (!target || !(await readCandidates(d.redis, election, unitOfCandidate(cid))).some((c) => c.id === cid))
        return sendError(res, 'CANDIDATE_NOT_FOUND');
      if (!(await g.check(res, 'reference:manage', target, `candidate:${cid}`))) return;
      await d.maintain.recordPhoto(principalOf(res)!, election, cid, req.body.length, ipOf(res));
      await d.store.setPhoto(election, cid, req.body);
      await d.maintain.photoStored(election, cid);
      res.status(204).end();
    },
  );
  return r;
}
