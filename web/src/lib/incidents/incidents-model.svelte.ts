import type { Incident, IncidentCounts, Severity } from '@ecc/shared';
import { OPEN_STATES, SEVERITIES } from '@ecc/shared';
import type { LiveConnection } from '$lib/live/connection.svelte';

/**
 * One scope's live incidents for a page: subscribes on the shared socket, and bumps `version` on every change so
 * $derived lists recompute. `fresh` holds the ids that arrived live in the last few seconds (highlight, ticker).
 */
export class IncidentsModel {
  version = $state(0);
  error = $state<string | null>(null);
  fresh = $state<string[]>([]);
  readonly scope: string;
  #stop: () => void;
  #conn: LiveConnection;

  constructor(conn: LiveConnection, scope: string) {
    this.#conn = conn;
    this.scope = scope;
    const { feed, stop } = conn.incidents((s, fresh) => {
      if (s !== scope) return;
      this.error = feed.errors.get(scope) ?? null;
      if (fresh.length) this.fresh = [...fresh.map((i) => i.id), ...this.fresh].slice(0, 50);
      this.version++;
    });
    this.#stop = stop;
    feed.subscribe(scope);
    this.#feed = feed;
  }

  #feed: ReturnType<LiveConnection['incidents']>['feed'];

  get ready(): boolean {
    void this.version;
    return this.#feed.scopes.get(this.scope)?.ready ?? false;
  }

  /** Newest first. */
  get list(): Incident[] {
    void this.version;
    return this.#feed.scopes.get(this.scope)?.list() ?? [];
  }

  get counts(): IncidentCounts {
    void this.version;
    return this.#feed.scopes.get(this.scope)?.counts ?? {};
  }

  /** Open incidents (new, acknowledged, in progress) per severity, from the server's counts. */
  get openBySeverity(): Record<Severity, number> {
    const c = this.counts;
    const out = { low: 0, medium: 0, high: 0, critical: 0 } as Record<Severity, number>;
    for (const sev of SEVERITIES) for (const st of OPEN_STATES) out[sev] += c[`${st}:${sev}`] ?? 0;
    return out;
  }

  get connection(): LiveConnection {
    return this.#conn;
  }

  close(): void {
    this.#stop();
    this.#feed.unsubscribe(this.scope);
  }
}
