import type { Assignee, Incident, IncidentCounts, IncidentEvent, PhotoMeta } from '@ecc/shared';
import {
  assigneeSchema,
  incidentCategorySchema,
  incidentStateSchema,
  photoMetaSchema,
  severitySchema,
} from '@ecc/shared';
import { z } from 'zod';

/**
 * The incident hash's short field names ↔ the Incident shape every reader gets. The store writes the hash,
 * the scripts return or publish it as a flat object, and this is the one place that reads it back.
 */
const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

function json<T>(raw: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!raw) return undefined;
  try {
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export function incidentFromHash(h: Record<string, string>): Incident | null {
  const category = incidentCategorySchema.safeParse(h.cat);
  const severity = severitySchema.safeParse(h.sev);
  const state = incidentStateSchema.safeParse(h.state);
  if (!h.id || !category.success || !severity.success || !state.success) return null;
  const i: Incident = {
    id: h.id,
    category: category.data,
    severity: severity.data,
    state: state.data,
    province: h.prov ?? '',
    observedAt: h.obs ?? '',
    createdAt: Number(h.created),
    updatedAt: Number(h.updated),
    reporter: h.reporter ?? '',
    reporterRole: h.rrole ?? '',
    description: h.desc ?? '',
    photos: json(h.photos, z.array(photoMetaSchema)) ?? [],
    duplicates: json(h.dupes, z.array(z.string())) ?? [],
    version: Number(h.v),
  };
  if (h.com) i.commune = h.com;
  if (h.area) i.pollingAreaId = h.area;
  const opt = { lat: num(h.lat), lon: num(h.lon), accuracyM: num(h.acc) };
  if (opt.lat !== undefined && opt.lon !== undefined) Object.assign(i, { lat: opt.lat, lon: opt.lon });
  if (opt.accuracyM !== undefined) i.accuracyM = opt.accuracyM;
  const ack = num(h.ack);
  if (ack !== undefined) i.acknowledgedAt = ack;
  const resolved = num(h.resolved);
  if (resolved !== undefined) i.resolvedAt = resolved;
  const closed = num(h.closed);
  if (closed !== undefined) i.closedAt = closed;
  if (h.claim) i.claimedBy = h.claim;
  const assignee: Assignee | undefined = json(h.assignee, assigneeSchema);
  if (assignee) i.assignee = assignee;
  if (h.dupof) i.duplicateOf = h.dupof;
  return i;
}

/** A new incident as the store takes it. */
export interface NewIncident {
  category: string;
  severity: string;
  province: string;
  commune?: string | undefined;
  pollingAreaId?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  accuracyM?: number | undefined;
  observedAt: string;
  description: string;
  photos: PhotoMeta[];
  /** Every scope whose readers see it: nation, province, commune, area, the area's electoral units. */
  scopes: string[];
}

/** The hash fields a new incident is created with (the script adds id, state, times, version and reporter). */
export function incidentCreateFields(i: Omit<NewIncident, 'scopes'>): string[] {
  const f: string[] = ['cat', i.category, 'sev', i.severity, 'prov', i.province, 'obs', i.observedAt];
  f.push('desc', i.description, 'photos', JSON.stringify(i.photos));
  if (i.commune) f.push('com', i.commune);
  if (i.pollingAreaId) f.push('area', i.pollingAreaId);
  if (i.lat !== undefined && i.lon !== undefined) f.push('lat', String(i.lat), 'lon', String(i.lon));
  if (i.accuracyM !== undefined) f.push('acc', String(i.accuracyM));
  return f;
}

export function countsFromHash(h: Record<string, string>): { seq: number; counts: IncidentCounts } {
  const counts: IncidentCounts = {};
  for (const [k, v] of Object.entries(h)) if (k !== 'seq' && Number(v) !== 0) counts[k] = Number(v);
  return { seq: Number(h.seq ?? 0), counts };
}

export function eventFromEntry(id: string, m: Record<string, string>): IncidentEvent {
  let data: Record<string, unknown> = {};
  try {
    const d: unknown = JSON.parse(m.data ?? '{}');
    if (d && typeof d === 'object' && !Array.isArray(d)) data = d as Record<string, unknown>;
  } catch {
    // An unreadable payload still shows who did what and when.
  }
  return {
    version: Number(id.split('-')[0]),
    type: m.type ?? '',
    at: Number(m.at),
    who: m.who ?? '',
    role: m.role ?? '',
    data,
  };
}
