import { IncidentFeed, LiveClient } from '@ecc/shared';
import type { ChildFigures, ConnectionStatus, CountFigures, Figures, Incident } from '@ecc/shared';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

/** Nothing at all (not even a heartbeat) for this long and the picture is marked stale. */
export const STALE_AFTER_MS = 15_000;
const STALE_CHECK_MS = 1000;

/**
 * The one socket of the app, wrapped around the shared LiveClient (which applies numbered updates and resyncs
 * on gaps). Exposes the connection's state and each watched scope's figures as Svelte state: every change the
 * client reports bumps `version`, so anything derived from `figures()`/`children()` recomputes.
 */
export class LiveConnection {
  status = $state<ConnectionStatus>('connecting');
  /** When the last message (update, heartbeat or subscribe answer) arrived; 0 before the first. */
  lastMessageAt = $state(0);
  /** While not live: the time of the last message received before the picture stopped being live. */
  staleSince = $state<number | null>(null);
  readonly election: string;
  #version = $state(0);
  readonly #socket: Socket;
  readonly #client: LiveClient;
  readonly #refs = new Map<string, number>();
  readonly #timer: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(election: string) {
    this.election = election;
    this.#socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], auth: { election } });
    this.#client = new LiveClient(this.#socket, () => this.#refresh(true));
    // A refusal by the server's middleware (instance full: OVERLOADED) is not retried by socket.io itself; come
    // back after a spread-out pause so a room of walls does not return all at once.
    this.#socket.on('connect_error', () => {
      if (this.#socket.active || this.#closed) return;
      setTimeout(() => this.#closed || this.#socket.connect(), 2000 + Math.random() * 8000);
    });
    this.#timer = setInterval(() => {
      this.#client.checkStale(STALE_AFTER_MS);
      this.#refresh(false);
    }, STALE_CHECK_MS);
  }

  /** Keeps `scope` subscribed until the returned function is called (shared by every watcher of the scope). */
  watch(scope: string): () => void {
    return this.#watch(scope, () => this.#client.subscribe(scope));
  }

  #watch(scope: string, subscribe: () => unknown): () => void {
    this.#refs.set(scope, (this.#refs.get(scope) ?? 0) + 1);
    subscribe();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.#refs.get(scope) ?? 1) - 1;
      if (n > 0) return void this.#refs.set(scope, n);
      this.#refs.delete(scope);
      this.#client.unsubscribe(scope);
    };
  }

  /** The scope's live figures, or null until its first snapshot arrived. */
  figures(scope: string): Figures | null {
    void this.#version;
    const s = this.#client.scopes.get(scope);
    return s?.ready ? s.figures : null;
  }

  /** The scope's children (code → figures) as last applied, or null until its first snapshot arrived. */
  children(scope: string): ChildFigures | null {
    void this.#version;
    const s = this.#client.scopes.get(scope);
    return s?.ready ? s.children : null;
  }

  /** Keeps a counting scope (`count:{contest}:{scope}`) subscribed until the returned function is called. */
  watchCounting(scope: string): () => void {
    return this.#watch(scope, () => this.#client.subscribeCounting(scope));
  }

  /** A counting scope's live figures, or null until its first snapshot arrived. */
  countFigures(scope: string): CountFigures | null {
    void this.#version;
    const s = this.#client.counts.get(scope);
    return s?.ready ? s.figures : null;
  }

  countChildren(scope: string): Record<string, CountFigures> | null {
    void this.#version;
    const s = this.#client.counts.get(scope);
    return s?.ready ? s.children : null;
  }

  #incidents: IncidentFeed | null = null;
  #incidentListeners = new Set<(scope: string, fresh: Incident[]) => void>();

  /** The incident feeds on this same socket (decision 0006), created on first use and shared by every page. */
  incidents(listener: (scope: string, fresh: Incident[]) => void): { feed: IncidentFeed; stop: () => void } {
    this.#incidents ??= new IncidentFeed(this.#socket, (scope, fresh) => {
      for (const l of this.#incidentListeners) l(scope, fresh);
    });
    this.#incidentListeners.add(listener);
    return { feed: this.#incidents, stop: () => this.#incidentListeners.delete(listener) };
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#socket.close();
  }

  #refresh(changed: boolean): void {
    const c = this.#client;
    if (c.status !== 'live' && this.status === 'live') this.staleSince = c.lastMessageAt || Date.now();
    if (c.status === 'live') this.staleSince = null;
    this.status = c.status;
    this.lastMessageAt = c.lastMessageAt;
    if (changed) this.#version++;
  }
}
