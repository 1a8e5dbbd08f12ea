import type { Principal } from '@ecc/shared';

export type PrincipalLookup = (token: string) => Promise<Principal | null>;

const CACHE_MS = 5000;
const CACHE_MAX = 200_000;

/**
 * Bearer-token authentication for reporting devices. Lookups are cached for 5 s so the ingest path does not pay
 * a Redis round trip per report; a revoked token stops working within that time.
 */
export class BearerAuth {
  private cache = new Map<string, { at: number; p: Principal | null }>();
  constructor(
    private lookup: PrincipalLookup,
    private now: () => number = Date.now,
  ) {}

  /** Forgets every cached lookup (a token was revoked: the next request asks Redis). */
  clear(): void {
    this.cache.clear();
  }

  /** The principal behind an `Authorization: Bearer …` header, or null. */
  async resolve(header: string | undefined): Promise<Principal | null> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) return null;
    const t = this.now();
    const hit = this.cache.get(token);
    if (hit && t - hit.at < CACHE_MS) return hit.p;
    const p = await this.lookup(token);
    if (this.cache.size > CACHE_MAX) this.cache.clear();
    this.cache.set(token, { at: t, p });
    return p;
  }
}
