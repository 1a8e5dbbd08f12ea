import type { Principal } from './principal.js';
import type { Action, Place, Target } from './roles.js';
import { NATIONAL_ROLES, PERMISSIONS, WRITE_ACTIONS } from './roles.js';

export type Decision = { ok: true } | { ok: false; reason: 'role' | 'jurisdiction' };

/** Whether a jurisdiction contains a target: same code at the jurisdiction's level (units: the area is in it). */
export function contains(j: Place, t: Target): boolean {
  switch (j.level) {
    case 'nation':
      return true;
    case 'province':
      return t.province !== undefined && t.province === j.province;
    case 'commune':
      return t.commune !== undefined && t.commune === j.commune;
    case 'area':
      return t.area !== undefined && t.area === j.area;
    case 'unit':
      return j.unit !== undefined && (t.unit === j.unit || (t.units ?? []).includes(j.unit));
  }
}

const DEPTH = { nation: 0, province: 1, commune: 2, area: 3 } as const;

/** Whether the target is an ancestor of the jurisdiction (a commune committee reading its province's totals). */
export function isAncestor(j: Place, t: Target): boolean {
  if (t.unit !== undefined) return false;
  const tLevel = t.area ? 'area' : t.commune ? 'commune' : t.province ? 'province' : 'nation';
  if (j.level === 'unit') return tLevel === 'nation' || (tLevel === 'province' && t.province === j.province);
  if (DEPTH[tLevel] >= DEPTH[j.level]) return false;
  if (tLevel === 'nation') return true;
  if (tLevel === 'province') return j.province !== undefined && t.province === j.province;
  return j.commune !== undefined && t.commune === j.commune;
}

/**
 * The one authorisation rule, pure so the server, the tests and the web app agree on it: the role must grant
 * the action, and the target must lie inside the jurisdiction. Reads also reach the jurisdiction's ancestors
 * (their totals include it) but never a sibling: a commune committee cannot watch another province.
 */
export function authorize(p: Principal, action: Action, target: Target = {}): Decision {
  if (!PERMISSIONS[p.role].has(action)) return { ok: false, reason: 'role' };
  if (NATIONAL_ROLES.has(p.role)) return { ok: true };
  if (contains(p.jurisdiction, target)) return { ok: true };
  if (!WRITE_ACTIONS.has(action) && isAncestor(p.jurisdiction, target)) return { ok: true };
  return { ok: false, reason: 'jurisdiction' };
}

/** A place as a scope string (for logs, audit entries and CSV). */
export function placeLabel(p: Place): string {
  if (p.level === 'nation') return 'nation';
  if (p.level === 'unit') return `unit:${p.unit ?? ''}`;
  return `${p.level}:${p[p.level] ?? ''}`;
}
