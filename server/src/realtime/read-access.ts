import type { Principal } from '@ecc/shared';
import { authorize, NATIONAL_ROLES, placeOfScope } from '@ecc/shared';
import type { ElectionsService } from '../services/elections.service.js';
import { placeTarget } from '../services/jurisdiction.js';
import type { AuditStore } from '../store/audit.store.js';

export interface ReadAccessDeps {
  elections: ElectionsService;
  audit: AuditStore;
  publicReads: boolean;
  /** An area's electoral units: only asked for election boards, whose jurisdiction is a unit. */
  areaUnits: (electionId: string, areaId: string) => Promise<string[]>;
}

/**
 * Who may watch a scope: anonymous sockets only while PUBLIC_READS=1; national roles everything; others
 * their jurisdiction, what it contains and its ancestors, in their own election. A refusal is audited.
 */
export function readAccess(d: ReadAccessDeps) {
  return async (p: Principal | null, electionId: string, scope: string, ip: string): Promise<'FORBIDDEN' | null> => {
    if (!p) return d.publicReads ? null : 'FORBIDDEN';
    if (NATIONAL_ROLES.has(p.role)) return null;
    const place = placeOfScope(scope);
    let ok = place !== null && p.election === electionId;
    if (ok && place) {
      const target = placeTarget(place);
      // Lineage from the reference data: a commune scope names its province only there.
      if (target.commune) {
        const ctx = await d.elections.get(electionId);
        const province = ctx?.communes.get(target.commune)?.provinceCode;
        if (province) target.province = province;
      }
      if (target.area && p.role === 'election-board') target.units = await d.areaUnits(electionId, target.area);
      ok = authorize(p, 'scope:read', target).ok;
    }
    if (ok) return null;
    await d.audit
      .append([
        {
          ts: Date.now(),
          who: p.subject ?? p.name,
          role: p.role,
          act: 'scope:read',
          ip,
          target: scope,
          outcome: 'denied',
          detail: 'socket',
        },
      ])
      .catch(() => {});
    return 'FORBIDDEN';
  };
}
