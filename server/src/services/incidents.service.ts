import { createHash } from 'node:crypto';
import type {
  Action,
  ErrorCode,
  Incident,
  IncidentAction,
  IncidentCounts,
  IncidentEvent,
  PhotoMeta,
  Principal,
  Target,
} from '@ecc/shared';
import {
  allowedFrom,
  authorizeIncidentRead,
  canTransition,
  duplicateSuggestions,
  incidentActionSchema,
  incidentReportSchema,
  PERMISSIONS,
  placeOfScope,
  slaStatus,
} from '@ecc/shared';
import type { SlaStatus } from '@ecc/shared';
import type { Actor, IncidentsStore, IncidentStep } from '../store/incidents.store.js';
import type { PhotoStore } from '../store/photos.store.js';
import type { ElectionsService } from './elections.service.js';
import { describePhoto, sniffImage } from './photos.js';
import { zodFieldOf } from './zod-field.js';

export type Outcome<T> =
  { ok: true; value: T } | { ok: false; code: ErrorCode; field?: string; detail?: Record<string, unknown> };

const fail = (code: ErrorCode, field?: string, detail?: Record<string, unknown>): Outcome<never> => ({
  ok: false,
  code,
  ...(field !== undefined ? { field } : {}),
  ...(detail !== undefined ? { detail } : {}),
});

export interface IncidentDetail {
  incident: Incident;
  timeline: IncidentEvent[];
  sla: SlaStatus;
  /** Likely duplicates of this incident (same category, same area or ≤ 500 m, ≤ 30 min), oldest first. */
  suggestions: Incident[];
}

/** Who may act on an incident and where it is: the incident's lineage as an authorisation target. */
export function incidentTarget(
  i: Pick<Incident, 'province' | 'commune' | 'pollingAreaId'>,
  scopes: string[] = [],
): Target {
  const t: Target = { province: i.province };
  if (i.commune) t.commune = i.commune;
  if (i.pollingAreaId) t.area = i.pollingAreaId;
  const units = scopes.filter((s) => s.startsWith('unit:')).map((s) => s.slice(5));
  if (units.length) t.units = units;
  return t;
}

interface Where {
  province: string;
  commune: string | undefined;
  area: string | undefined;
  units: string[];
}

const DUPLICATE_LOOKAROUND_MS = 2 * 60 * 60_000;
const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Filing and triaging incidents. Checks here (schema, role, jurisdiction, photo bytes) come before anything is
 * written; the state rules are checked again inside the store's atomic step, where they cannot race.
 */
export class IncidentsService {
  constructor(
    private store: IncidentsStore,
    private photos: PhotoStore,
    private elections: ElectionsService,
    private now: () => number = Date.now,
  ) {}

  /** Where an incident is, from the report or the reporter's own jurisdiction; the scopes whose readers see it. */
  private async place(
    electionId: string,
    p: Principal,
    r: { pollingAreaId?: string; communeCode?: string },
  ): Promise<Outcome<Where>> {
    if (r.pollingAreaId) {
      const a = await this.store.areaLineage(electionId, r.pollingAreaId);
      if (!a) return fail('AREA_NOT_FOUND', 'pollingAreaId');
      if (r.communeCode && r.communeCode !== a.commune) return fail('INVALID_FIELD', 'communeCode');
      return {
        ok: true as const,
        value: { province: a.province, commune: a.commune, area: r.pollingAreaId, units: a.units },
      };
    }
    const ctx = await this.elections.get(electionId);
    if (!ctx) return fail('NOT_FOUND', 'election');
    const commune = r.communeCode ?? p.jurisdiction.commune;
    if (commune) {
      const c = ctx.communes.get(commune);
      if (!c) return fail('SCOPE_NOT_FOUND', 'communeCode');
      const area = !r.communeCode && p.jurisdiction.level === 'area' ? p.jurisdiction.area : undefined;
      if (area) return this.place(electionId, p, { pollingAreaId: area });
      return {
        ok: true as const,
        value: { province: c.provinceCode, commune, area: undefined, units: [] as string[] },
      };
    }
    if (p.jurisdiction.province) {
      return {
        ok: true as const,
        value: { province: p.jurisdiction.province, commune: undefined, area: undefined, units: [] as string[] },
      };
    }
    return fail('INVALID_FIELD', 'pollingAreaId', { issue: 'where: a polling area or a commune is required' });
  }

  /**
   * Files a report. `deny` answers an out-of-jurisdiction target (audited) and returns false. Photos are
   * checked by their bytes, then written (content-addressed), then the incident is committed; if the commit
   * refuses, the photo files this call created are removed again.
   */
  async report(
    electionId: string,
    p: Principal,
    by: Actor,
    body: unknown,
    rawPhotos: Buffer[],
    idempotencyKey: string,
    mayWrite: (t: Target) => Promise<boolean>,
  ): Promise<Outcome<{ id: string; replayed: boolean }> | { ok: false; denied: true }> {
    const parsed = incidentReportSchema.safeParse(body);
    if (!parsed.success) return fail('INVALID_FIELD', ...zodFieldOf(parsed.error));
    const r = parsed.data;
    const ctx = await this.elections.get(electionId);
    if (!ctx) return fail('NOT_FOUND', 'election');
    if (ctx.election.mode === 'live' && Date.parse(r.observedAt) > this.now() + MAX_FUTURE_MS) {
      return fail('REPORT_IN_FUTURE', 'observedAt');
    }
    const where = await this.place(electionId, p, r);
    if (!where.ok) return where;
    const w = where.value;
    const target: Target = { province: w.province };
    if (w.commune) target.commune = w.commune;
    if (w.area) target.area = w.area;
    if (w.units.length) target.units = w.units;
    if (!(await mayWrite(target))) return { ok: false, denied: true };

    const metas: PhotoMeta[] = [];
    for (const [i, buf] of rawPhotos.entries()) {
      const type = sniffImage(buf);
      if (!type) return fail('PHOTO_TYPE', `photos.${i}`);
      metas.push(await describePhoto(buf, type));
    }
    const bodyHash = createHash('sha256')
      .update(JSON.stringify([r, metas.map((m) => m.sha256)]))
      .digest('hex');

    const created: string[] = [];
    try {
      for (const [i, buf] of rawPhotos.entries())
        if (await this.photos.put(metas[i]!.sha256, buf)) created.push(metas[i]!.sha256);
      const scopes = ['nation', `province:${w.province}`];
      if (w.commune) scopes.push(`commune:${w.commune}`);
      if (w.area) scopes.push(`area:${w.area}`);
      for (const u of w.units) scopes.push(`unit:${u}`);
      const res = await this.store.create(
        electionId,
        {
          category: r.category,
          severity: r.severity,
          province: w.province,
          commune: w.commune,
          pollingAreaId: w.area,
          lat: r.lat,
          lon: r.lon,
          accuracyM: r.accuracyM,
          observedAt: r.observedAt,
          description: r.description,
          photos: metas,
          scopes,
        },
        by,
        `${p.subject ?? p.name}:${idempotencyKey}`,
        bodyHash,
      );
      if (!res.ok) {
        await Promise.all(created.map((sha) => this.photos.remove(sha)));
        return fail(res.code, res.code === 'IDEMPOTENCY_KEY_REUSED' ? 'Idempotency-Key' : undefined, res.detail);
      }
      return { ok: true, value: { id: res.id, replayed: res.replayed } };
    } catch (e) {
      // A failed commit (store away) must not leave this call's files behind.
      await Promise.all(created.map((sha) => this.photos.remove(sha)));
      throw e;
    }
  }

  /** The incident if the caller may see it: null when it does not exist, 'FORBIDDEN' when outside. */
  async readable(electionId: string, p: Principal, id: string): Promise<Incident | null | 'FORBIDDEN'> {
    const i = await this.store.get(electionId, id);
    if (!i) return null;
    const scopes = await this.store.scopesOf(electionId, id);
    return authorizeIncidentRead(p, incidentTarget(i, scopes)).ok ? i : 'FORBIDDEN';
  }

  async detail(electionId: string, incident: Incident): Promise<IncidentDetail> {
    const [timeline, nearby] = await Promise.all([
      this.store.events(electionId, incident.id),
      this.store.list(
        electionId,
        `province:${incident.province}`,
        500,
        incident.createdAt - DUPLICATE_LOOKAROUND_MS,
        incident.createdAt + DUPLICATE_LOOKAROUND_MS,
      ),
    ]);
    const suggestions = incident.state === 'duplicate' ? [] : duplicateSuggestions(incident, nearby);
    return { incident, timeline, sla: slaStatus(incident, this.now()), suggestions };
  }

  /** May this principal read incidents of `scope`? (sockets and the list) */
  mayReadScope(p: Principal | null, scope: string, provinceOf: (commune: string) => string | undefined): boolean {
    const place = placeOfScope(scope);
    if (!place) return false;
    const t: Target = {};
    if (place.province) t.province = place.province;
    if (place.commune) {
      t.commune = place.commune;
      const prov = provinceOf(place.commune);
      if (prov) t.province = prov;
    }
    if (place.area) t.area = place.area;
    if (place.unit) t.unit = place.unit;
    return authorizeIncidentRead(p, t).ok;
  }

  async list(
    electionId: string,
    scope: string,
    limit: number,
  ): Promise<{ scope: string; seq: number; counts: IncidentCounts; incidents: Incident[] }> {
    const [{ seq, counts }, incidents] = await Promise.all([
      this.store.counts(electionId, scope),
      this.store.list(electionId, scope, limit),
    ]);
    return { scope, seq, counts, incidents };
  }

  /**
   * One triage step. Role and state are checked against the shared rules first (clear 403/409 answers), then
   * again atomically by the store with the states this role may come from.
   */
  async act(
    electionId: string,
    p: Principal,
    by: Actor,
    incident: Incident,
    body: unknown,
    mayAct: (action: Action, t: Target) => Promise<boolean>,
  ): Promise<Outcome<{ version: number }> | { ok: false; denied: true }> {
    const parsed = incidentActionSchema.safeParse(body);
    if (!parsed.success) return fail('INVALID_FIELD', ...zodFieldOf(parsed.error));
    const a: IncidentAction = parsed.data;
    const perms = PERMISSIONS[p.role];
    const triage = perms.has('incident:triage');
    if (a.type === 'comment' ? !(triage || perms.has('incident:write')) : !triage) return fail('ROLE_FORBIDDEN');
    const scopes = await this.store.scopesOf(electionId, incident.id);
    const action: Action = triage ? 'incident:triage' : 'incident:write';
    if (!(await mayAct(action, incidentTarget(incident, scopes)))) return { ok: false, denied: true };

    const committee = p.role !== 'security-liaison';
    let step: IncidentStep;
    switch (a.type) {
      case 'transition': {
        const v = canTransition(p.role, incident.state, a.to);
        if (!v.ok)
          return v.reason === 'role'
            ? fail('ROLE_FORBIDDEN', 'to')
            : fail('INVALID_TRANSITION', 'to', { from: incident.state, to: a.to });
        step = {
          type: a.type,
          allowedFrom: allowedFrom(p.role, a.to),
          arg: a.to,
          data: { from: incident.state, to: a.to, ...(a.note ? { note: a.note } : {}) },
        };
        break;
      }
      case 'duplicate': {
        const v = canTransition(p.role, incident.state, 'duplicate');
        if (!v.ok) return fail(v.reason === 'role' ? 'ROLE_FORBIDDEN' : 'INVALID_TRANSITION', 'of');
        const original = await this.readable(electionId, p, a.of);
        if (original === null) return fail('INCIDENT_NOT_FOUND', 'of');
        if (original === 'FORBIDDEN') return fail('FORBIDDEN', 'of');
        step = {
          type: a.type,
          allowedFrom: allowedFrom(p.role, 'duplicate'),
          arg: a.of,
          data: { of: a.of, from: incident.state, ...(a.note ? { note: a.note } : {}) },
        };
        break;
      }
      case 'claim':
        step = {
          type: a.type,
          allowedFrom: [],
          arg: a.takeOver ? 'takeover' : '',
          data: a.takeOver && incident.claimedBy ? { from: incident.claimedBy } : {},
        };
        break;
      case 'unclaim':
        step = {
          type: a.type,
          allowedFrom: [],
          arg: committee ? 'any' : '',
          data: { from: incident.claimedBy ?? null },
        };
        break;
      case 'assign':
        step = {
          type: a.type,
          allowedFrom: [],
          arg: a.assignee ? JSON.stringify(a.assignee) : '',
          data: { assignee: a.assignee },
        };
        break;
      case 'comment':
        step = { type: a.type, allowedFrom: [], arg: '', data: { text: a.text } };
        break;
      case 'severity':
        step = {
          type: a.type,
          allowedFrom: [],
          arg: a.severity,
          data: { from: incident.severity, to: a.severity, ...(a.note ? { note: a.note } : {}) },
        };
        break;
    }
    step.expectedVersion = a.version;
    const res = await this.store.act(electionId, incident.id, step, by);
    if (!res.ok) return fail(res.code, undefined, res.detail);
    return { ok: true, value: { version: res.version } };
  }
}
