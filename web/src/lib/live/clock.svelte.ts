const TICK_MS = 1000;

/** The wall clock as state, ticking every second while started: the header clock and "updated N s ago". */
class Clock {
  now = $state(Date.now());
  #users = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  /** Starts ticking; returns the function that stops it (for an $effect). */
  start(): () => void {
    if (this.#users++ === 0) this.#timer = setInterval(() => (this.now = Date.now()), TICK_MS);
    return () => {
      if (--this.#users === 0 && this.#timer) clearInterval(this.#timer);
    };
  }
}

export const clock = new Clock();
