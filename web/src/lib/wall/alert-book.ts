import type { Alert } from './alerts.js';

export type TrackedAlert = Alert & { firstSeen: number };

const severityRank = { critical: 0, warning: 1 } as const;
/** Among alerts of one age and severity: a whole place behind first, then a unit, then silent areas. */
const kindRank = { behind: 0, unit: 1, silent: 2 } as const;

/**
 * Remembers when each alert was first seen, so the ticker shows the oldest unhandled first: an alert keeps its
 * place while its figures move, leaves when its condition clears, and comes back as new if it returns.
 */
export class AlertBook {
  readonly #firstSeen = new Map<string, number>();

  update(alerts: readonly Alert[], now: number): TrackedAlert[] {
    const live = new Set(alerts.map((a) => a.id));
    for (const id of this.#firstSeen.keys()) if (!live.has(id)) this.#firstSeen.delete(id);
    for (const a of alerts) if (!this.#firstSeen.has(a.id)) this.#firstSeen.set(a.id, now);
    return alerts
      .map((a) => ({ ...a, firstSeen: this.#firstSeen.get(a.id)! }))
      .sort(
        (x, y) =>
          x.firstSeen - y.firstSeen ||
          severityRank[x.severity] - severityRank[y.severity] ||
          kindRank[x.kind] - kindRank[y.kind] ||
          y.score - x.score ||
          x.id.localeCompare(y.id),
      );
  }
}
