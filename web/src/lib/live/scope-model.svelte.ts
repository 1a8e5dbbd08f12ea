import { scopeKind, scopeSchema } from '@ecc/shared';
import type { Figures, ScopeKind } from '@ecc/shared';
import { buildRows } from '../scope/rows.js';
import type { Row } from '../scope/rows.js';
import { ApiError, fetchScopeView } from './api.js';
import type { ScopeView } from './api.js';
import type { LiveConnection } from './connection.svelte.js';

export type LoadState = 'loading' | 'ready' | 'notFound' | 'failed';

/**
 * One page's scope: names from the REST snapshot (fetched once), figures from the live connection (falling back to
 * the snapshot's until the first live snapshot lands). `start()` subscribes; its return value unsubscribes.
 */
export class ScopeModel {
  readonly scope: string;
  readonly kind: ScopeKind | null;
  view = $state.raw<ScopeView | null>(null);
  load = $state<LoadState>('loading');
  readonly #conn: LiveConnection;

  constructor(conn: LiveConnection, scope: string) {
    this.#conn = conn;
    this.scope = scope;
    this.kind = scopeSchema.safeParse(scope).success ? scopeKind(scope) : null;
  }

  readonly figures = $derived.by((): Figures | null => this.#conn.figures(this.scope) ?? this.view?.figures ?? null);

  readonly rows = $derived.by((): Row[] => buildRows(this.view?.childList ?? [], this.#conn.children(this.scope)));

  start(): () => void {
    if (!this.kind) {
      this.load = 'notFound';
      return () => {};
    }
    const stop = this.#conn.watch(this.scope);
    void this.fetch();
    return stop;
  }

  async fetch(): Promise<void> {
    this.load = 'loading';
    try {
      this.view = await fetchScopeView(this.#conn.election, this.scope);
      this.load = 'ready';
    } catch (e) {
      this.load = e instanceof ApiError && e.kind === 'notFound' ? 'notFound' : 'failed';
    }
  }
}
