import type { Principal } from '@ecc/shared';

export type PrincipalLookup = (token: string) => Promise<Principal | null>;

const CACHE_MS = 5000;

interface Entry {
  at: number;
  p: Principal | null;
}

/**
 * Bearer-token authentication for reporting devices. Lookups are cached for 5 s so the ingest path does not pay
 * a Redis round trip per report; a revoked token stops working within that time.
 *
 * The cache is two generations swapped every 5 s, so an entry lives at most 10 s in memory: after a national burst
 * (72,000 devices) a single map kept every principal for good, and that old-space pressure made V8 collect
 * continuously once thousands of sockets were connected (the fan-out then cost 4× its CPU).
 */
export class BearerAuth {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();
  private swappedAt: number;
  constructor(
    private lookup: PrincipalLookup,
    private now: () => number = Date.now,
  ) {
    this.swappedAt = now();
    // Also age the cache when no request comes (after a burst, nothing else would let the principals go).
    setInterval(() => this.age(this.now()), CACHE_MS).unref();
  }

  private age(t: number): void {
    if (t - this.swappedAt < CACHE_MS) return;
    // Everything in `previous` is older than one period: drop it wholesale instead of sweeping entry by entry.
    this.previous = t - this.swappedAt >= 2 * CACHE_MS ? new Map() : this.current;
    this.current = new Map();
    this.swappedAt = t;
  }

  /** Forgets every cached lookup (a token was revoked: the next request asks Redis). */
  clear(): void {
    this.current.clear();
    this.previous.clear();
  }

  /** Entries held (both generations), for tests and metrics. */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The principal behind an `Authorization: Bearer …` header, or null. */
  async resolve(header: string | undefined): Promise<Principal | null> {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) return null;
    const t = this.now();
    this.age(t);
    const hit = this.current.get(token) ?? this.previous.get(token);
    if (hit && t - hit.at < CACHE_MS) return hit.p;
    const p = await this.lookup(token);
    this.current.set(token, { at: t, p });
    return p;
  }
}
