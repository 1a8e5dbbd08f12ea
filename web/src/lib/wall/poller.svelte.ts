/**
 * A REST read repeated on a timer, as state: the last good value stays on screen when a read fails (a wall never
 * goes blank), and `at`/`failed` let the panel say how old it is and mark it stale.
 */
export class Poller<T> {
  data = $state.raw<T | null>(null);
  /** When the last successful read finished (epoch ms); 0 before the first. */
  at = $state(0);
  failed = $state(false);
  readonly everyMs: number;
  readonly #read: () => Promise<T>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #stopped = true;

  constructor(read: () => Promise<T>, everyMs: number) {
    this.#read = read;
    this.everyMs = everyMs;
  }

  /**
   * Reads now (or takes `first`, a read already under way) and then every `everyMs`; returns the function that
   * stops it (for an $effect).
   */
  start(first?: Promise<T>): () => void {
    this.#stopped = false;
    void this.#run(first);
    return () => {
      this.#stopped = true;
      if (this.#timer) clearTimeout(this.#timer);
    };
  }

  /** Stale once a read failed or nothing succeeded for three periods. */
  stale(now: number): boolean {
    return this.failed || (this.at > 0 && now - this.at > 3 * this.everyMs);
  }

  async #run(first?: Promise<T>): Promise<void> {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    if (this.#timer) clearTimeout(this.#timer);
    try {
      const d = await (first ?? this.#read());
      if (!this.#stopped) {
        this.data = d;
        this.at = Date.now();
        this.failed = false;
      }
    } catch {
      this.failed = true;
    } finally {
      this.#running = false;
      if (!this.#stopped) this.#timer = setTimeout(() => void this.#run(), this.everyMs);
    }
  }
}
