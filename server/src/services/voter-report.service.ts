import type { ReportChange, VoterChangeReport } from '@ecc/shared';
import { toVnIso, voterChangeReport } from '@ecc/shared';
import type { Redis } from '../store/redis.js';
import { areasOfCommune } from '../store/reference.store.js';
import type { ScopesStore } from '../store/scopes.store.js';
import type { VoterChangesStore } from '../store/voter-changes.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';
import { scopeContainsArea } from './elections.service.js';

/** A report as the screens and the exports show it: the figures plus what they are about. */
export interface ScopeVoterReport extends VoterChangeReport {
  election: { id: string; name: string };
  scope: string;
  scopeName: string;
  /** What a row is: provinces of the nation, communes of a province, polling areas of a commune. */
  rowKind: 'province' | 'commune' | 'area';
  from: string | null;
  to: string | null;
  generatedAt: string;
}

/** The voter-change report of a scope for a period (§5), from the election's change log and today's lists. */
export class VoterReportService {
  constructor(
    private store: VoterChangesStore,
    private elections: ElectionsService,
    private scopes: ScopesStore,
    private redis: Redis,
    private now: () => number = Date.now,
  ) {}

  context(election: string): Promise<ElectionContext | null> {
    return this.elections.get(election);
  }

  private async rows(ctx: ElectionContext, election: string, scope: string) {
    const [kind, code = ''] = scope.split(':');
    if (kind === 'area') {
      const areas = await areasOfCommune(this.redis, election, code.slice(0, 5));
      const a = areas.find((x) => x.id === code);
      return { rowKind: 'area' as const, name: a?.name ?? code, rows: a ? [{ code: a.id, name: a.name }] : [] };
    }
    if (kind === 'commune') {
      const areas = await areasOfCommune(this.redis, election, code);
      return {
        rowKind: 'area' as const,
        name: ctx.communes.get(code)?.fullName ?? code,
        rows: areas.map((a) => ({ code: a.id, name: a.name })),
      };
    }
    const ids = await this.scopes.childIds(election, scope);
    if (kind === 'province')
      return {
        rowKind: 'commune' as const,
        name: ctx.provinces.get(code)?.fullName ?? code,
        rows: ids.map((id) => ({ code: id, name: ctx.communes.get(id)?.fullName ?? id })),
      };
    return {
      rowKind: 'province' as const,
      name: 'Toàn quốc',
      rows: ids.map((id) => ({ code: id, name: ctx.provinces.get(id)?.fullName ?? id })),
    };
  }

  async build(election: string, scope: string, fromMs: number | null, toMs: number | null): Promise<ScopeVoterReport> {
    const ctx = (await this.elections.get(election))!;
    const shape = await this.rows(ctx, election, scope);
    const rowScope = (code: string) => `${shape.rowKind}:${code}`;
    const [changes, registered] = await Promise.all([
      this.store.all(election, (c) => scopeContainsArea(ctx, scope, c.areaId)),
      this.store.registered(
        election,
        shape.rows.map((r) => rowScope(r.code)),
      ),
    ]);
    const rowOf = (c: ReportChange) =>
      shape.rowKind === 'province' ? c.provinceCode : shape.rowKind === 'commune' ? c.communeCode : c.areaId;
    const report = voterChangeReport(
      changes.map((c) => ({ ...c })),
      shape.rows.map((r) => ({ ...r, registeredNow: registered.get(rowScope(r.code)) ?? { na: 0, cc: 0 } })),
      rowOf,
      fromMs,
      toMs,
    );
    return {
      ...report,
      election: { id: election, name: ctx.election.name },
      scope,
      scopeName: shape.name,
      rowKind: shape.rowKind,
      from: fromMs === null ? null : toVnIso(fromMs),
      to: toMs === null ? null : toVnIso(toMs),
      generatedAt: toVnIso(this.now()),
    };
  }
}
