import type { ApiError } from './errors.js';
import type { ChildFigures, Figures, ScopeSnapshot } from './schemas/figures.js';

/** The only place socket event names are declared, for both directions. */
export const EV = {
  subscribe: 'scope:subscribe',
  unsubscribe: 'scope:unsubscribe',
  updated: 'scope:updated',
  heartbeat: 'scope:heartbeat',
} as const;

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
  | { mode: 'snapshot'; snapshot: ScopeSnapshot }
  | { mode: 'delta'; update: ScopeUpdate }
  | { mode: 'current'; seq: number };

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ServerToClientEvents {
  'scope:updated': (u: ScopeUpdate) => void;
  'scope:heartbeat': (h: ScopeHeartbeat) => void;
}

export interface ClientToServerEvents {
  'scope:subscribe': (req: unknown, ack: (r: Ack<SubscribeResult>) => void) => void;
  'scope:unsubscribe': (req: unknown, ack: (r: Ack<null>) => void) => void;
}
