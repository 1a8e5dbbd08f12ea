import type { Ack, ScopeHeartbeat, SubscribeResult } from '../events.js';
import { EV } from '../events.js';
import type { CountFigures } from '../schemas/counting.js';
import { ScopeState } from './scope-store.js';
import type { SeqSnapshot, SeqUpdate } from './scope-store.js';

type AnyState = ScopeState<unknown>;
type AnyUpdate = SeqUpdate<unknown> & { scope: string };

/** The few socket methods the live client needs; socket.io-client's Socket satisfies it. */
export interface LiveSocket {
  connected: boolean;
  on(event: string, fn: (...args: never[]) => void): unknown;
  emit(event: string, payload: unknown, ack: (r: Ack<unknown>) => void): unknown;
}

export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface LiveStats {
  applied: number;
  ignored: number;
  gaps: number;
  resyncs: number;
  snapshots: number;
  deltas: number;
}

/**
 * Keeps a set of scopes in step with the server: subscribes (again on every reconnect, sending the last
 * sequence applied), applies numbered updates, and resyncs on a gap or when a heartbeat shows it fell behind.
 * A display never shows a silently incomplete picture: until resynced, it knows it is behind.
 */
export class LiveClient {
  readonly scopes = new Map<string, ScopeState>();
  /** Counting scopes (`count:{contest}:{scope}`): same protocol, counting figures. */
  readonly counts = new Map<string, ScopeState<CountFigures>>();
  readonly stats: LiveStats = { applied: 0, ignored: 0, gaps: 0, resyncs: 0, snapshots: 0, deltas: 0 };
  status: ConnectionStatus = 'connecting';
  lastMessageAt = 0;
  private inflight = new Set<string>();

  constructor(
    private socket: LiveSocket,
    private onChange: (scope: string) => void = () => {},
    private now: () => number = Date.now,
  ) {
    socket.on('connect', () => {
      this.setStatus('live');
      for (const scope of [...this.scopes.keys(), ...this.counts.keys()]) this.sync(scope);
    });
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.on(EV.updated, ((u: AnyUpdate) => this.onUpdate(u)) as never);
    socket.on(EV.countingUpdated, ((u: AnyUpdate) => this.onUpdate(u)) as never);
    socket.on(EV.heartbeat, ((h: ScopeHeartbeat) => this.onHeartbeat(h)) as never);
    if (socket.connected) this.status = 'live';
  }

  subscribe(scope: string): ScopeState {
    let s = this.scopes.get(scope);
    if (!s) {
      s = new ScopeState(scope);
      this.scopes.set(scope, s);
      if (this.socket.connected) this.sync(scope);
    }
    return s;
  }

  /** Keeps a counting scope in step, like `subscribe`. */
  subscribeCounting(scope: string): ScopeState<CountFigures> {
    let s = this.counts.get(scope);
    if (!s) {
      s = new ScopeState<CountFigures>(scope);
      this.counts.set(scope, s);
      if (this.socket.connected) this.sync(scope);
    }
    return s;
  }

  private state(scope: string): AnyState | undefined {
    return (this.scopes.get(scope) ?? this.counts.get(scope)) as AnyState | undefined;
  }

  unsubscribe(scope: string): void {
    if (!this.scopes.delete(scope) && !this.counts.delete(scope)) return;
    this.socket.emit(EV.unsubscribe, { scope }, () => {});
  }

  /** Marks the picture stale when nothing (not even a heartbeat) arrived for `ms`. */
  checkStale(ms: number): void {
    if (this.status === 'live' && this.now() - this.lastMessageAt > ms) this.setStatus('stale');
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    this.onChange('');
  }

  private touch(): void {
    this.lastMessageAt = this.now();
    if (this.status === 'stale') this.setStatus('live');
  }

  private onUpdate(u: AnyUpdate): void {
    this.touch();
    const s = this.state(u.scope);
    if (!s) return;
    const r = s.applyUpdate(u);
    if (r === 'applied') {
      this.stats.applied++;
      this.onChange(u.scope);
    } else if (r === 'ignored') this.stats.ignored++;
    else {
      this.stats.gaps++;
      this.sync(u.scope);
    }
  }

  private onHeartbeat(h: ScopeHeartbeat): void {
    this.touch();
    const s = this.state(h.scope);
    if (s && h.seq > s.seq) this.sync(h.scope);
  }

  /** Subscribes with the last applied sequence; the server answers with a delta, a snapshot or "current". */
  private sync(scope: string): void {
    if (this.inflight.has(scope)) return;
    const s = this.state(scope);
    if (!s) return;
    this.inflight.add(scope);
    if (s.ready) this.stats.resyncs++;
    const req = s.ready ? { scope, lastSeq: s.seq } : { scope };
    this.socket.emit(EV.subscribe, req, (r) => {
      this.inflight.delete(scope);
      this.touch();
      if (!r.ok || this.state(scope) !== s) return;
      const res = r.data as SubscribeResult;
      if (res.mode === 'snapshot') {
        this.stats.snapshots++;
        s.applySnapshot(res.snapshot as SeqSnapshot<unknown>);
      } else if (res.mode === 'delta') {
        this.stats.deltas++;
        if (s.applyUpdate(res.update as SeqUpdate<unknown>) === 'gap') return this.resnapshot(scope);
      }
      this.onChange(scope);
    });
  }

  private resnapshot(scope: string): void {
    const s = this.state(scope);
    if (s) s.seq = -1;
    this.sync(scope);
  }
}
