/** The performance mark the benchmark reads: navigation start → the first full picture. */
export const READY_MARK = 'wall-ready';

/**
 * When the wall first shows everything: `ready` turns true once every panel has its server data (`loaded`) and
 * the screen under `root` has painted it: no chart holds a newer option back, and two animation frames have
 * passed so canvas layers (Leaflet redraws on the next frame) are on screen.
 */
export class WallReady {
  ready = $state(false);
  readonly #loaded: () => boolean;
  readonly #root: () => HTMLElement | undefined;

  constructor(loaded: () => boolean, root: () => HTMLElement | undefined) {
    this.#loaded = loaded;
    this.#root = root;
  }

  /** Call from an $effect: re-evaluates when `loaded` or the root changes; the result cancels a pending check. */
  track(): () => void {
    const root = this.#root();
    if (!this.#loaded() || !root) {
      this.ready = false;
      return () => {};
    }
    let cancelled = false;
    void painted(root, () => cancelled).then((ok) => {
      if (!ok) return;
      this.ready = true;
      if (performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
    });
    return () => void (cancelled = true);
  }
}

async function painted(root: ParentNode, cancelled: () => boolean): Promise<boolean> {
  const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
  do {
    await frame();
    if (cancelled()) return false;
  } while (root.querySelector('[data-chart-pending="true"]'));
  await frame();
  return !cancelled();
}
