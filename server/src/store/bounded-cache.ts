/**
 * A cache of promises with a time to live and a size bound: the oldest entry goes when a new one would exceed
 * it. A cache that only forgets when read again keeps everything a national night ever touched (issue 7: every
 * unit's candidates, ~100 MB of the server's heap at the end of bench:day).
 */
export class BoundedTtlCache<V> {
  private entries = new Map<string, { at: number; v: Promise<V> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached value of `key` when fresh, else `load()`'s (a failed load is not kept). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.v;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const v = load();
    this.entries.set(key, { at: this.now(), v });
    v.catch(() => {
      if (this.entries.get(key)?.v === v) this.entries.delete(key);
    });
    return v;
  }
}
