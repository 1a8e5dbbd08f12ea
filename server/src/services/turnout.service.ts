import { createHash } from 'node:crypto';
import type { TurnoutAccepted } from '@ecc/shared';
import type { Principal } from '../store/tokens.store.js';
import type { IngestResult, TurnoutStore } from '../store/turnout.store.js';
import type { ElectionsService } from './elections.service.js';
import { scopeContainsArea } from './elections.service.js';

export interface TurnoutSubmission {
  pollingAreaId: string;
  voted: number;
  at: string;
  idempotencyKey: string;
  kind: 'report' | 'correction';
  reason?: string;
  requestId?: string;
}

export interface TurnoutSettings {
  logMaxLen: number;
  bucketMs: number;
  maxFutureMs: number;
}

export type SubmitOutcome =
  | { ok: true; replayed: boolean; body: TurnoutAccepted }
  | Extract<IngestResult, { ok: false }>;

/** May this principal report for that area? Polling teams: their own area; committees: inside their scope. */
export function mayReport(p: Principal, areaId: string, ctx: Parameters<typeof scopeContainsArea>[0]): boolean {
  if (p.role === 'polling-team') return p.areaId === areaId;
  return scopeContainsArea(ctx, p.scope, areaId);
}

/**
 * Orchestrates one submission: authorisation against the election's reference data, then the atomic store
 * step. The body hash is over the meaning of the request (time normalised to the instant), so a retry that
 * re-serialises the same report still matches its idempotency key.
 */
export class TurnoutService {
  constructor(
    private store: TurnoutStore,
    private elections: ElectionsService,
    private settings: TurnoutSettings,
    private now: () => number = Date.now,
  ) {}

  async submit(p: Principal, s: TurnoutSubmission): Promise<SubmitOutcome> {
    const ctx = await this.elections.get(p.election);
    if (!ctx) return { ok: false, status: 404, code: 'NOT_FOUND' };
    if (!ctx.communes.has(s.pollingAreaId.slice(0, 5))) {
      return { ok: false, status: 404, code: 'AREA_NOT_FOUND', detail: { pollingAreaId: s.pollingAreaId } };
    }
    if (!mayReport(p, s.pollingAreaId, ctx)) return { ok: false, status: 403, code: 'FORBIDDEN' };
    const atMs = Date.parse(s.at);
    const reason = s.reason ?? '';
    const bodyHash = createHash('sha256')
      .update(`${s.kind}|${s.pollingAreaId}|${s.voted}|${atMs}|${reason}`)
      .digest('base64url');
    const r = await this.store.ingest({
      electionId: p.election,
      areaId: s.pollingAreaId,
      voted: s.voted,
      atMs,
      atIso: s.at,
      idempotencyKey: s.idempotencyKey,
      bodyHash,
      kind: s.kind,
      reason,
      reporter: p.name,
      requestId: s.requestId ?? '',
      nowMs: this.now(),
      maxFutureMs: ctx.election.mode === 'simulation' ? null : this.settings.maxFutureMs,
      logMaxLen: this.settings.logMaxLen,
      bucketMs: this.settings.bucketMs,
    });
    if (!r.ok) return r;
    return { ok: true, replayed: r.replayed, body: JSON.parse(r.response) as TurnoutAccepted };
  }
}
