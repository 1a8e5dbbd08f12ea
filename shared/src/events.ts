import type { ApiError } from './errors.js';
import type { ChildFigures, Figures, ScopeSnapshot } from './schemas/figures.js';
import type { CountFigures } from './schemas/counting.js';

/** The only place socket event names are declared, for both directions. */
export const EV = {
  subscribe: 'scope:subscribe',
  unsubscribe: 'scope:unsubscribe',
  updated: 'scope:updated',
  heartbeat: 'scope:heartbeat',
  /** Counting scopes (`count:{contest}:{scope}`) use the same subscribe, heartbeat and resync; only this differs. */
  countingUpdated: 'counting:updated',
} as const;

/** Coalesced update of one counting scope: absolute counting figures as of `toSeq` (decision 0002). */
export interface CountingUpdate {
  scope: string;
  fromSeq: number;
  toSeq: number;
  figures: CountFigures;
  children: Record<string, CountFigures>;
}

export interface CountingSnapshot {
  scope: string;
  seq: number;
  figures: CountFigures;
  children: Record<string, CountFigures>;
  serverTime: string;
}

/** Coalesced update of one scope: absolute values as of `toSeq`, covering every change in fromSeq..toSeq. */
export interface ScopeUpdate {
  scope: string;
  fromSeq: number;
  toSeq: number;
  figures: Figures;
  children: ChildFigures;
}

export interface ScopeHeartbeat {
  scope: string;
  seq: number;
  serverTime: string;
}

export interface SubscribeRequest {
  scope: string;
  /** The last sequence the client applied; omitted on first subscribe. */
  lastSeq?: number;
}

export type SubscribeResult =
  | { mode: 'snapshot'; snapshot: ScopeSnapshot | CountingSnapshot }
  | { mode: 'delta'; update: ScopeUpdate | CountingUpdate }
  | { mode: 'current'; seq: number };

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ServerToClientEvents {
  'scope:updated': (u: ScopeUpdate) => void;
  'scope:heartbeat': (h: ScopeHeartbeat) => void;
  'counting:updated': (u: CountingUpdate) => void;
}

export interface ClientToServerEvents {
  'scope:subscribe': (req: unknown, ack: (r: Ack<SubscribeResult>) => void) => void;
  'scope:unsubscribe': (req: unknown, ack: (r: Ack<null>) => void) => void;
}
