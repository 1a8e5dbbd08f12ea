import { createHash } from 'node:crypto';
import type { Principal } from '../store/tokens.store.js';
import type { IngestItem, IngestResult, TurnoutStore } from '../store/turnout.store.js';
import { MAX_ITEMS_PER_CALL } from '../store/turnout.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';
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
  /** `json` is the accepted answer exactly as stored for the idempotency key (sent as is, never re-serialised). */
  { ok: true; replayed: boolean; json: string } | Extract<IngestResult, { ok: false }>;

/** May this principal report for that area? Polling teams: their own area; committees: inside their scope. */
export function mayReport(p: Principal, areaId: string, ctx: ElectionContext): boolean {
  if (p.role === 'polling-team') return p.areaId === areaId;
  return scopeContainsArea(ctx, p.scope, areaId);
}

/**
 * The body hash is over the meaning of the request (time normalised to the instant), so a retry that
 * re-serialises the same report still matches its idempotency key.
 */
function toItem(s: TurnoutSubmission): IngestItem {
  const atMs = Date.parse(s.at);
  const reason = s.reason ?? '';
  return {
    areaId: s.pollingAreaId,
    voted: s.voted,
    atMs,
    atIso: s.at,
    idempotencyKey: s.idempotencyKey,
    bodyHash: createHash('sha256')
      .update(`${s.kind}|${s.pollingAreaId}|${s.voted}|${atMs}|${reason}`)
      .digest('base64url'),
    kind: s.kind,
    reason,
    requestId: s.requestId ?? '',
  };
}

/**
 * Orchestrates submissions: authorisation against the election's reference data, then one atomic store step
 * per (up to 1,000) items. Each item keeps its own outcome; one refused item never affects another.
 */
export class TurnoutService {
  constructor(
    private store: TurnoutStore,
    private elections: ElectionsService,
    private settings: TurnoutSettings,
    private now: () => number = Date.now,
  ) {}

  async submit(p: Principal, s: TurnoutSubmission): Promise<SubmitOutcome> {
    return (await this.submitMany(p, [s]))[0]!;
  }

  async submitMany(p: Principal, list: TurnoutSubmission[]): Promise<SubmitOutcome[]> {
    const ctx = await this.elections.get(p.election);
    if (!ctx) return list.map(() => ({ ok: false, status: 404, code: 'NOT_FOUND' }));
    const outcomes: SubmitOutcome[] = new Array(list.length);
    const pending: { index: number; item: IngestItem }[] = [];
    list.forEach((s, index) => {
      if (!ctx.communes.has(s.pollingAreaId.slice(0, 5))) {
        outcomes[index] = {
          ok: false,
          status: 404,
          code: 'AREA_NOT_FOUND',
          detail: { pollingAreaId: s.pollingAreaId },
        };
      } else if (!mayReport(p, s.pollingAreaId, ctx)) {
        outcomes[index] = { ok: false, status: 403, code: 'FORBIDDEN' };
      } else pending.push({ index, item: toItem(s) });
    });
    for (let i = 0; i < pending.length; i += MAX_ITEMS_PER_CALL) {
      const chunk = pending.slice(i, i + MAX_ITEMS_PER_CALL);
      const results = await this.store.ingest({
        electionId: p.election,
        reporter: p.name,
        nowMs: this.now(),
        maxFutureMs: ctx.election.mode === 'simulation' ? null : this.settings.maxFutureMs,
        logMaxLen: this.settings.logMaxLen,
        bucketMs: this.settings.bucketMs,
        items: chunk.map((c) => c.item),
      });
      chunk.forEach((c, j) => {
        const r = results[j]!;
        outcomes[c.index] = r.ok ? { ok: true, replayed: r.replayed, json: r.response } : r;
      });
    }
    return outcomes;
  }
}
