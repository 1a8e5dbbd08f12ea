import type { Commune, Election, Province } from '@ecc/shared';
import { readElection } from '../store/reference.store.js';
import type { Redis } from '../store/redis.js';
import type { ScopesStore } from '../store/scopes.store.js';

/** The reference data a request needs without a Redis round trip: names, commune→province, early areas. */
export interface ElectionContext {
  election: Election;
  provinces: Map<string, Province>;
  communes: Map<string, Commune>;
  early: Map<string, string>;
}

const TTL_MS = 30_000;

/**
 * Caches each election's context for a short time. Reference data changes rarely (imports, issue 9) and a
 * 30 s delay before names refresh is harmless; figures are never cached here.
 */
export class ElectionsService {
  private cache = new Map<string, { at: number; ctx: Promise<ElectionContext | null> }>();
  constructor(
    private redis: Redis,
    private scopes: ScopesStore,
    private now: () => number = Date.now,
  ) {}

  get(electionId: string): Promise<ElectionContext | null> {
    const hit = this.cache.get(electionId);
    if (hit && this.now() - hit.at < TTL_MS) return hit.ctx;
    const ctx = this.fetch(electionId);
    this.cache.set(electionId, { at: this.now(), ctx });
    ctx.catch(() => this.cache.delete(electionId));
    return ctx;
  }

  invalidate(electionId: string): void {
    this.cache.delete(electionId);
  }

  private async fetch(electionId: string): Promise<ElectionContext | null> {
    const election = await readElection(this.redis, electionId);
    if (!election) return null;
    const [provinces, communes, early] = await Promise.all([
      this.scopes.metaMap(electionId, 'province'),
      this.scopes.metaMap(electionId, 'commune'),
      this.scopes.earlyAreas(electionId),
    ]);
    return {
      election,
      provinces: provinces as Map<string, Province>,
      communes: communes as Map<string, Commune>,
      early,
    };
  }
}

/** The province of a polling area, from its id's commune prefix. */
export function provinceOfArea(ctx: ElectionContext, areaId: string): string | undefined {
  return ctx.communes.get(areaId.slice(0, 5))?.provinceCode;
}

/** Whether a scope (nation, province:XX, commune:XXXXX, area:ID) contains a polling area. */
export function scopeContainsArea(ctx: ElectionContext, scope: string, areaId: string): boolean {
  if (scope === 'nation') return true;
  if (scope.startsWith('province:')) return provinceOfArea(ctx, areaId) === scope.slice(9);
  if (scope.startsWith('commune:')) return areaId.startsWith(`${scope.slice(8)}-`);
  return scope === `area:${areaId}`;
}
