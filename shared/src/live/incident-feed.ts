import type { Ack, IncidentHeartbeat, IncidentSnapshot, IncidentUpdate } from '../events.js';
import { EV_INCIDENTS } from '../events.js';
import type { Incident, IncidentCounts } from '../schemas/incident.js';
import type { LiveSocket } from './live-client.js';

/** One scope's incidents as a client holds them: applied by sequence, resynced by snapshot on a gap. */
export class IncidentScopeState {
  seq = -1;
  counts: IncidentCounts = {};
  readonly byId = new Map<string, Incident>();
  constructor(
    readonly scope: string,
    private limit: number,
  ) {}

  get ready(): boolean {
    return this.seq >= 0;
  }

  applySnapshot(s: IncidentSnapshot): void {
    this.seq = s.seq;
    this.counts = s.counts;
    this.byId.clear();
    for (const i of s.incidents) this.byId.set(i.id, i);
  }

  /** 'applied' for the next sequence, 'ignored' for one already covered, 'gap' when one was missed. */
  applyUpdate(u: IncidentUpdate): 'applied' | 'ignored' | 'gap' {
    if (!this.ready || u.seq <= this.seq) return 'ignored';
    if (u.seq !== this.seq + 1) return 'gap';
    this.seq = u.seq;
    this.counts = u.counts;
    for (const i of u.incidents) {
      const had = this.byId.get(i.id);
      // A change delivered late (after a snapshot that already had a newer version) never goes back in time.
      if (!had || had.version <= i.version) this.byId.set(i.id, i);
    }
    if (this.byId.size > this.limit) {
      const oldest = [...this.byId.values()].sort((a, b) => a.createdAt - b.createdAt);
      for (const i of oldest.slice(0, this.byId.size - this.limit)) this.byId.delete(i.id);
    }
    return 'applied';
  }

  /** Newest first. */
  list(): Incident[] {
    return [...this.byId.values()].sort((a, b) => b.createdAt - a.createdAt);
  }
}

/**
 * Keeps incident feeds in step with the server, like LiveClient does for figures (decision 0002): subscribes
 * again on every reconnect, applies `seq = last + 1`, and on a gap, or a heartbeat showing a later sequence,
 * asks for a snapshot. `error` is set when the server refused (not signed in, outside the jurisdiction).
 */
export class IncidentFeed {
  readonly scopes = new Map<string, IncidentScopeState>();
  readonly errors = new Map<string, string>();
  private inflight = new Set<string>();

  constructor(
    private socket: LiveSocket,
    private onChange: (scope: string, fresh: Incident[]) => void = () => {},
    private limit = 200,
  ) {
    socket.on('connect', () => {
      for (const scope of this.scopes.keys()) this.sync(scope);
    });
    socket.on(EV_INCIDENTS.updated, ((u: IncidentUpdate) => this.onUpdate(u)) as never);
    socket.on(EV_INCIDENTS.heartbeat, ((h: IncidentHeartbeat) => {
      const s = this.scopes.get(h.scope);
      if (s && h.seq > s.seq) this.sync(h.scope);
    }) as never);
  }

  subscribe(scope: string): IncidentScopeState {
    let s = this.scopes.get(scope);
    if (!s) {
      s = new IncidentScopeState(scope, this.limit);
      this.scopes.set(scope, s);
      if (this.socket.connected) this.sync(scope);
    }
    return s;
  }

  unsubscribe(scope: string): void {
    if (!this.scopes.delete(scope)) return;
    this.errors.delete(scope);
    this.socket.emit(EV_INCIDENTS.unsubscribe, { scope }, () => {});
  }

  private onUpdate(u: IncidentUpdate): void {
    const s = this.scopes.get(u.scope);
    if (!s) return;
    const r = s.applyUpdate(u);
    if (r === 'applied') this.onChange(u.scope, u.incidents);
    else if (r === 'gap') this.sync(u.scope);
  }

  private sync(scope: string): void {
    if (this.inflight.has(scope)) return;
    const s = this.scopes.get(scope);
    if (!s) return;
    this.inflight.add(scope);
    this.socket.emit(EV_INCIDENTS.subscribe, { scope, limit: this.limit }, (r: Ack<unknown>) => {
      this.inflight.delete(scope);
      if (!this.scopes.has(scope)) return;
      if (!r.ok) {
        this.errors.set(scope, r.error.code);
        this.onChange(scope, []);
        return;
      }
      this.errors.delete(scope);
      s.applySnapshot(r.data as IncidentSnapshot);
      this.onChange(scope, []);
    });
  }
}
