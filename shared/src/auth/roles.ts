import { z } from 'zod';

/**
 * Who may act, and over which part of the country. A jurisdiction is a place in the hierarchy
 * nation ⊃ province ⊃ commune ⊃ polling area, or one electoral unit (which contains its polling areas).
 */
export const ROLES = [
  'admin',
  'national-leader',
  // The national election council's software (legacy `committee` token with scope `nation`): writes anywhere.
  'national-council',
  'provincial-committee',
  'commune-committee',
  'election-board',
  'polling-team',
  'security-liaison',
  'wall-display',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ACTIONS = [
  'turnout:report',
  'turnout:correct',
  'turnout:batch',
  'incident:write',
  'scope:read',
  'accounts:read',
  'accounts:manage',
  'audit:read',
  'audit:export',
  // Issue 9: create elections, change their status, reset or delete drills, import reference data (national).
  'elections:manage',
  // Issue 9: edit polling areas, move them between units, withdraw candidates, within a jurisdiction.
  'reference:manage',
  'incident:triage',
  // Counting (§2.6): the polling team enters its area's records; the unit's Election Board confirms or returns them.
  'counting:submit',
  'counting:review',
  'voters:change',
  'voters:read',
] as const;
export type Action = (typeof ACTIONS)[number];
/** Actions that change state: every one of them is audited, and read-only roles never get one. */
export const WRITE_ACTIONS: ReadonlySet<Action> = new Set([
  'turnout:report',
  'turnout:correct',
  'turnout:batch',
  'incident:write',
  'accounts:manage',
  'elections:manage',
  'reference:manage',
  'incident:triage',
  'counting:submit',
  'counting:review',
  'voters:change',
]);

/**
 * A place, with its lineage where known: a commune committee is `{level:'commune', province:'01', commune:'00101'}`,
 * so reads of its ancestors (the province, the nation) can be checked without reference data.
 */
export const placeSchema = z.object({
  level: z.enum(['nation', 'province', 'commune', 'area', 'unit']),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  commune: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  area: z
    .string()
    .regex(/^\d{5}-\d{4}$/)
    .optional(),
  unit: z
    .string()
    .regex(/^(na|pc|cc)-[0-9a-z-]{2,24}$/)
    .optional(),
});
export type Place = z.infer<typeof placeSchema>;

/** What an action is aimed at: the place, plus (for a polling area) the electoral units it belongs to. */
export interface Target extends Partial<Omit<Place, 'level'>> {
  units?: readonly string[];
}

export const NATION: Place = { level: 'nation' };

/** The levels a role's jurisdiction may have. */
export const ROLE_LEVELS: Record<Role, readonly Place['level'][]> = {
  admin: ['nation'],
  'national-leader': ['nation'],
  'national-council': ['nation'],
  'provincial-committee': ['province'],
  'commune-committee': ['commune'],
  'election-board': ['unit'],
  'polling-team': ['area'],
  'security-liaison': ['province', 'commune'],
  'wall-display': ['nation', 'province', 'commune', 'area'],
};

/** Roles that see and (if allowed) act everywhere: their reads are never scoped. */
export const NATIONAL_ROLES: ReadonlySet<Role> = new Set(['admin', 'national-leader', 'national-council']);

/** The action table: what each role may do. Where it may do it is its jurisdiction (see authorize.ts). */
export const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set([
    'scope:read',
    'accounts:read',
    'accounts:manage',
    'audit:read',
    'audit:export',
    'elections:manage',
    'reference:manage',
    'voters:read',
  ]),
  'national-leader': new Set(['scope:read', 'accounts:read', 'audit:read', 'voters:read']),
  'national-council': new Set([
    'scope:read',
    'turnout:report',
    'turnout:correct',
    'turnout:batch',
    'incident:write',
    'incident:triage',
    'counting:submit',
    'counting:review',
    'voters:change',
    'voters:read',
  ]),
  'provincial-committee': new Set([
    'scope:read',
    'accounts:read',
    'turnout:report',
    'turnout:correct',
    'turnout:batch',
    'incident:write',
    'reference:manage',
    'incident:triage',
    'voters:change',
    'voters:read',
  ]),
  'commune-committee': new Set([
    'scope:read',
    'accounts:read',
    'turnout:report',
    'turnout:correct',
    'turnout:batch',
    'incident:write',
    'reference:manage',
    'incident:triage',
    // The commune's staff may type a team's record in for it (the team's paper record is the source).
    'counting:submit',
    'voters:change',
    'voters:read',
  ]),
  'election-board': new Set(['scope:read', 'turnout:correct', 'counting:review']),
  // A team reports for its own area, in batches when it was offline, and corrects its own mistakes.
  // It also reports what happens at its area (a voting interruption is the team's to report, §6).
  // On the day a team also adds voters who bring a certificate to vote here (§5).
  'polling-team': new Set([
    'scope:read',
    'turnout:report',
    'turnout:correct',
    'turnout:batch',
    'counting:submit',
    'incident:write',
    'voters:change',
  ]),
  'security-liaison': new Set(['scope:read', 'incident:write', 'incident:triage']),
  'wall-display': new Set(['scope:read']),
};

/** A role's label for people, in Vietnamese and English (review lists, printed sheets). */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  'national-leader': { vi: 'Lãnh đạo trung ương', en: 'National leader' },
  'national-council': { vi: 'Hội đồng bầu cử quốc gia', en: 'National election council' },
  'provincial-committee': { vi: 'Ủy ban bầu cử tỉnh', en: 'Provincial election committee' },
  'commune-committee': { vi: 'Ủy ban bầu cử xã', en: 'Commune election committee' },
  'election-board': { vi: 'Ban bầu cử', en: 'Election board' },
  'polling-team': { vi: 'Tổ bầu cử', en: 'Polling team' },
  'security-liaison': { vi: 'Liên lạc an ninh', en: 'Security liaison' },
  'wall-display': { vi: 'Màn hình trình chiếu', en: 'Wall display' },
};
