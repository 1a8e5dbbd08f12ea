import { z } from 'zod';
import { communeCodeSchema, pollingAreaIdSchema } from './reference.js';
import { offsetDateTimeSchema } from './turnout.js';

/** Incident categories of the 2026 security and contingency plans (election-vn.md §6). */
export const INCIDENT_CATEGORIES = [
  'security-order',
  'cyber-information',
  'complaint',
  'fire-rescue',
  'disaster-weather',
  'health',
  'traffic-communications',
  'voting-interruption',
  'other',
] as const;
export const incidentCategorySchema = z.enum(INCIDENT_CATEGORIES);
export type IncidentCategory = z.infer<typeof incidentCategorySchema>;

export const CATEGORY_LABELS: Record<IncidentCategory, { vi: string; en: string }> = {
  'security-order': { vi: 'An ninh chính trị, trật tự an toàn xã hội', en: 'Political security and public order' },
  'cyber-information': { vi: 'An ninh mạng, thông tin sai lệch', en: 'Cyber/IT and disinformation' },
  complaint: { vi: 'Khiếu nại, tố cáo', en: 'Complaints and denunciations' },
  'fire-rescue': { vi: 'Cháy nổ, cứu nạn cứu hộ', en: 'Fire and rescue' },
  'disaster-weather': { vi: 'Thiên tai, thời tiết', en: 'Natural disaster and weather' },
  health: { vi: 'Dịch bệnh, y tế', en: 'Disease and health' },
  'traffic-communications': { vi: 'Giao thông, thông tin liên lạc', en: 'Traffic and communications' },
  'voting-interruption': { vi: 'Gián đoạn, hoãn bỏ phiếu', en: 'Voting interruption or postponement' },
  other: { vi: 'Khác', en: 'Other' },
};

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const SEVERITY_LABELS: Record<Severity, { vi: string; en: string }> = {
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
  critical: { vi: 'Khẩn cấp', en: 'Critical' },
};

export const INCIDENT_STATES = [
  'new',
  'acknowledged',
  'in-progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
] as const;
export const incidentStateSchema = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof incidentStateSchema>;

export const STATE_LABELS: Record<IncidentState, { vi: string; en: string }> = {
  new: { vi: 'Mới', en: 'New' },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  'in-progress': { vi: 'Đang xử lý', en: 'In progress' },
  resolved: { vi: 'Đã xử lý xong', en: 'Resolved' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  rejected: { vi: 'Không xác thực', en: 'Rejected' },
  duplicate: { vi: 'Trùng lặp', en: 'Duplicate' },
};

/** Incident numbers: province code, dash, counter and a check digit (see domain/incident-number.ts). */
export const incidentIdSchema = z.string().regex(/^\d{2}-\d{5,9}$/, 'province code, dash, 5 to 9 digits');

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_DESCRIPTION = 2000;

/**
 * What a reporter sends (as JSON, or as the `incident` field of a multipart body with up to 3 `photos`). Where:
 * a polling area, or a commune, and/or a GPS position; with none of the first two the reporter's own
 * jurisdiction is the place. The description is plain text: it is only ever rendered as text.
 */
export const incidentReportSchema = z
  .strictObject({
    category: incidentCategorySchema,
    severity: severitySchema,
    pollingAreaId: pollingAreaIdSchema.optional(),
    communeCode: communeCodeSchema.optional(),
    lat: z.number().min(8).max(24).optional(),
    lon: z.number().min(102).max(118).optional(),
    accuracyM: z.number().min(0).max(100_000).optional(),
    observedAt: offsetDateTimeSchema,
    description: z.string().trim().min(3).max(MAX_DESCRIPTION),
  })
  .refine((r) => (r.lat === undefined) === (r.lon === undefined), {
    message: 'lat and lon go together',
    path: ['lon'],
  });
export type IncidentReport = z.infer<typeof incidentReportSchema>;

export const assigneeSchema = z.strictObject({
  kind: z.enum(['person', 'unit']),
  /** An account username, or a unit's free name ("Công an xã", "Đội PCCC số 3"). */
  name: z.string().trim().min(2).max(120),
});
export type Assignee = z.infer<typeof assigneeSchema>;

const note = z.string().trim().max(1000).optional();
const version = z.number().int().min(1).optional();

/** A triage step on one incident; `version` (optional) refuses it when someone changed the incident meanwhile. */
export const incidentActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('transition'), to: incidentStateSchema, note, version }),
  z.strictObject({ type: z.literal('duplicate'), of: incidentIdSchema, note, version }),
  z.strictObject({ type: z.literal('claim'), takeOver: z.boolean().optional(), version }),
  z.strictObject({ type: z.literal('unclaim'), version }),
  z.strictObject({ type: z.literal('assign'), assignee: assigneeSchema.nullable(), version }),
  z.strictObject({ type: z.literal('comment'), text: z.string().trim().min(1).max(2000), version }),
  z.strictObject({ type: z.literal('severity'), severity: severitySchema, note, version }),
]);
export type IncidentAction = z.infer<typeof incidentActionSchema>;

export const photoMetaSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  type: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z.number().int(),
  takenAt: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
});
export type PhotoMeta = z.infer<typeof photoMetaSchema>;

/** An incident's current state as every reader sees it (materialised from its events, atomically with them). */
export const incidentSchema = z.object({
  id: incidentIdSchema,
  category: incidentCategorySchema,
  severity: severitySchema,
  state: incidentStateSchema,
  province: z.string(),
  commune: z.string().optional(),
  pollingAreaId: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  accuracyM: z.number().optional(),
  observedAt: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  acknowledgedAt: z.number().optional(),
  resolvedAt: z.number().optional(),
  closedAt: z.number().optional(),
  reporter: z.string(),
  reporterRole: z.string(),
  description: z.string(),
  photos: z.array(photoMetaSchema),
  claimedBy: z.string().optional(),
  assignee: assigneeSchema.optional(),
  duplicateOf: z.string().optional(),
  duplicates: z.array(z.string()),
  version: z.number(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** One entry of an incident's timeline: every change, with who and when; nothing is ever overwritten. */
export const incidentEventSchema = z.object({
  version: z.number(),
  type: z.string(),
  at: z.number(),
  who: z.string(),
  role: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

/** Per scope: how many incidents are in each state and severity (`state:severity` → count), for walls. */
export const incidentCountsSchema = z.record(z.string(), z.number());
export type IncidentCounts = z.infer<typeof incidentCountsSchema>;
