import type { Contest, Figures, ScopeSnapshot } from '@ecc/shared';
import { percent2, scopeCode, scopeKind, silentThreshold, toVnIso } from '@ecc/shared';
import type { ScopesStore } from '../store/scopes.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';
import { scopeContainsArea } from './elections.service.js';

export interface NamedChild extends Figures {
  id: string;
  name: string;
  turnoutPct: number;
}

export interface ScopeView extends ScopeSnapshot {
  name: string;
  /** Ancestors from the nation down, for breadcrumbs: [{scope:'nation',name}, {scope:'province:01',name}…]. */
  path: { scope: string; name: string }[];
  turnoutPct: number;
  childList: NamedChild[];
}

/** Read-side orchestration: snapshots with names, the day's series, and the lists a room acts on. */
export class ScopesService {
  constructor(
    private store: ScopesStore,
    private elections: ElectionsService,
    private now: () => number = Date.now,
  ) {}

  async snapshot(electionId: string, scope: string): Promise<ScopeSnapshot | null> {
    const s = await this.store.snapshot(electionId, scope);
    if (!s) return null;
    return { scope, seq: s.figures.seq, figures: s.figures, children: s.children, serverTime: toVnIso(this.now()) };
  }

  async view(electionId: string, scope: string): Promise<ScopeView | null> {
    const [ctx, snap] = await Promise.all([this.elections.get(electionId), this.snapshot(electionId, scope)]);
    if (!ctx || !snap) return null;
    const kind = scopeKind(scope);
    const areaNames =
      kind === 'commune'
        ? new Map((await this.store.areaFacts(electionId, Object.keys(snap.children))).map((a) => [a.id, a.name]))
        : new Map<string, string>();
    const childName = (id: string) =>
      kind === 'nation'
        ? (ctx.provinces.get(id)?.name ?? id)
        : kind === 'province'
          ? (ctx.communes.get(id)?.name ?? id)
          : (areaNames.get(id) ?? id);
    return {
      ...snap,
      name: await this.scopeName(ctx, electionId, scope),
      path: this.ancestors(ctx, scope),
      turnoutPct: percent2(snap.figures.voted, snap.figures.registered),
      childList: Object.entries(snap.children).map(([id, f]) => ({
        id,
        name: childName(id),
        turnoutPct: percent2(f.voted, f.registered),
        ...f,
      })),
    };
  }

  async series(electionId: string, scope: string) {
    const points = await this.store.series(electionId, scope);
    return points.map((p) => ({
      at: toVnIso(p.t),
      voted: p.voted,
      registered: p.registered,
      reporting: p.reporting,
      full: p.full,
      turnoutPct: percent2(p.voted, p.registered),
    }));
  }

  /** "Now" for silence: the wall clock in a live election; the latest report's time in a simulated one. */
  async clock(ctx: ElectionContext): Promise<number> {
    if (ctx.election.mode === 'live') return this.now();
    const s = await this.store.snapshot(ctx.election.id, 'nation');
    return s?.figures.lastAt ?? 0;
  }

  async silent(ctx: ElectionContext, scope: string) {
    const now = await this.clock(ctx);
    const mainThreshold = silentThreshold(ctx.election, ctx.election.date, now);
    // Early-voting areas have their own date and checkpoints; the widest net is the latest threshold of all.
    const thresholds = new Map<string, number | null>();
    for (const date of new Set(ctx.early.values())) thresholds.set(date, silentThreshold(ctx.election, date, now));
    const widest = Math.max(mainThreshold ?? -Infinity, ...[...thresholds.values()].map((t) => t ?? -Infinity));
    if (!Number.isFinite(widest)) return { asOf: toVnIso(now), threshold: null, areas: [] };
    const candidates = await this.store.areasLastReportedBefore(ctx.election.id, widest);
    const silent = candidates.filter((c) => {
      if (!scopeContainsArea(ctx, scope, c.id)) return false;
      const date = ctx.early.get(c.id);
      const t = date === undefined ? mainThreshold : (thresholds.get(date) ?? null);
      return t !== null && c.lastAt < t;
    });
    return {
      asOf: toVnIso(now),
      threshold: mainThreshold === null ? null : toVnIso(mainThreshold),
      areas: silent.map((s) => ({ id: s.id, lastAt: s.lastAt ? toVnIso(s.lastAt) : null })),
    };
  }

  /** How many of `areas` fall in each child of `scope` (provinces of the nation, communes of a province…). */
  countByChild(ctx: ElectionContext, scope: string, areas: { id: string }[]): Record<string, number> {
    const kind = scopeKind(scope);
    const out: Record<string, number> = {};
    for (const a of areas) {
      const child =
        kind === 'nation'
          ? (ctx.communes.get(a.id.slice(0, 5))?.provinceCode ?? '')
          : kind === 'province'
            ? a.id.slice(0, 5)
            : a.id;
      out[child] = (out[child] ?? 0) + 1;
    }
    return out;
  }

  async full(ctx: ElectionContext, scope: string): Promise<string[]> {
    const ids = await this.store.areasAtFull(ctx.election.id);
    return ids.filter((id) => scopeContainsArea(ctx, scope, id));
  }

  /**
   * Electoral units ordered by turnout, lowest first, with the 50 % rule (§2.8: a unit's result stands only if
   * more than half its listed voters voted). Commune-council turnout is estimated until counting records land.
   */
  async unitsAtRisk(ctx: ElectionContext, scope: string, contest: Contest, limit: number) {
    const units = await this.store.unitTurnout(ctx.election.id, contest);
    const kind = scopeKind(scope);
    const code = scopeCode(scope);
    const inScope = units.filter((u) =>
      kind === 'nation'
        ? true
        : kind === 'province'
          ? u.provinceCode === code
          : kind === 'commune'
            ? u.communeCode === code
            : false,
    );
    return inScope
      .map((u) => ({
        ...u,
        contest,
        turnoutPct: percent2(u.voted, u.registered),
        atOrBelowHalf: 2 * u.voted <= u.registered,
        estimated: contest === 'cc',
      }))
      .sort((a, b) => a.voted / (a.registered || 1) - b.voted / (b.registered || 1))
      .slice(0, limit);
  }

  private ancestors(ctx: ElectionContext, scope: string): { scope: string; name: string }[] {
    const kind = scopeKind(scope);
    const code = scopeCode(scope);
    if (kind === 'nation') return [];
    const out = [{ scope: 'nation', name: 'Toàn quốc' }];
    const communeCode = kind === 'area' ? code.slice(0, 5) : kind === 'commune' ? code : null;
    const provinceCode = kind === 'province' ? null : ctx.communes.get(communeCode ?? '')?.provinceCode;
    if (provinceCode)
      out.push({ scope: `province:${provinceCode}`, name: ctx.provinces.get(provinceCode)?.fullName ?? provinceCode });
    if (kind === 'area' && communeCode)
      out.push({ scope: `commune:${communeCode}`, name: ctx.communes.get(communeCode)?.fullName ?? communeCode });
    return out;
  }

  private async scopeName(ctx: ElectionContext, electionId: string, scope: string): Promise<string> {
    const kind = scopeKind(scope);
    const code = scopeCode(scope);
    if (kind === 'nation') return 'Toàn quốc';
    if (kind === 'province') return ctx.provinces.get(code)?.fullName ?? code;
    if (kind === 'commune') return ctx.communes.get(code)?.fullName ?? code;
    return (await this.store.areaFacts(electionId, [code]))[0]?.name ?? code;
  }
}
