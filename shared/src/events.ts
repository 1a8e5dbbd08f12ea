import type { ApiError } from './errors.js';
import type { ChildFigures, Figures, ScopeSnapshot } from './schemas/figures.js';
import type { Incident, IncidentCounts } from './schemas/incident.js';
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

/** Incident feeds: one per scope, numbered like scope updates (docs/decisions/0006). */
export const EV_INCIDENTS = {
  subscribe: 'incidents:subscribe',
  unsubscribe: 'incidents:unsubscribe',
  updated: 'incidents:updated',
  heartbeat: 'incidents:heartbeat',
} as const;

/** A scope's incident feed at `seq`: its counts and its latest incidents (newest first, bounded). */
export interface IncidentSnapshot {
  scope: string;
  seq: number;
  counts: IncidentCounts;
  incidents: Incident[];
}

/** One change in a scope (`seq` = previous + 1): the changed incidents' full current state and the counts. */
export interface IncidentUpdate {
  scope: string;
  seq: number;
  counts: IncidentCounts;
  incidents: Incident[];
}

export interface IncidentHeartbeat {
  scope: string;
  seq: number;
}

export interface ServerToClientEvents {
  'scope:updated': (u: ScopeUpdate) => void;
  'scope:heartbeat': (h: ScopeHeartbeat) => void;
  'incidents:updated': (u: IncidentUpdate) => void;
  'incidents:heartbeat': (h: IncidentHeartbeat) => void;
  'counting:updated': (u: CountingUpdate) => void;
}

export interface ClientToServerEvents {
  'scope:subscribe': (req: unknown, ack: (r: Ack<SubscribeResult>) => void) => void;
  'scope:unsubscribe': (req: unknown, ack: (r: Ack<null>) => void) => void;
  'incidents:subscribe': (req: unknown, ack: (r: Ack<IncidentSnapshot>) => void) => void;
  'incidents:unsubscribe': (req: unknown, ack: (r: Ack<null>) => void) => void;
}
