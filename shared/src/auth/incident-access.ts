import type { Decision } from './authorize.js';
import { contains } from './authorize.js';
import type { Principal } from './principal.js';
import type { Target } from './roles.js';
import { NATIONAL_ROLES, PERMISSIONS } from './roles.js';

/**
 * Who may see incidents at a target. Unlike turnout totals, incidents are never readable from an ancestor: a
 * commune committee watching its province would see the other communes' incidents. So: national roles
 * everywhere, everyone else only inside their own jurisdiction. Anonymous readers never (no public reads).
 */
export function authorizeIncidentRead(p: Principal | null, target: Target): Decision {
  if (!p) return { ok: false, reason: 'role' };
  if (!PERMISSIONS[p.role].has('scope:read')) return { ok: false, reason: 'role' };
  if (NATIONAL_ROLES.has(p.role)) return { ok: true };
  return contains(p.jurisdiction, target) ? { ok: true } : { ok: false, reason: 'jurisdiction' };
}
