import { createHash } from 'node:crypto';
import { toVnIso } from '@ecc/shared';
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
function toItem(s: TurnoutSubmission, reporter: string): IngestItem {
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
    reporter,
  };
}

/**
 * The answer to an accepted report, the same bytes for the original and every replay: a replay carries the same
 * body (its hash matched), and the store returns the original sequence, reception time and `at` as sent.
 */
function acceptedJson(i: IngestItem, r: Extract<IngestResult, { ok: true }>): string {
  return (
    `{"pollingAreaId":${JSON.stringify(i.areaId)},"voted":${i.voted},"at":${JSON.stringify(r.atIso)},` +
    `"kind":"${i.kind}","areaSeq":${r.areaSeq},"receivedAt":"${toVnIso(r.receivedMs)}"}`
  );
}

interface Waiting {
  p: Principal;
  s: TurnoutSubmission;
  resolve: (o: SubmitOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Orchestrates submissions: authorisation against the election's reference data, then one atomic store step
 * per (up to 1,000) items. Each item keeps its own outcome; one refused item never affects another.
 *
 * Single reports that arrive in the same turn of the event loop are committed together (group commit): the
 * store step has a fixed cost per call that is larger than an item's, so under load a burst of one-by-one reports
 * costs Redis almost what a batch does. Nothing waits longer than the current turn.
 */
export class TurnoutService {
  private waiting = new Map<string, Waiting[]>();

  constructor(
    private store: TurnoutStore,
    private elections: ElectionsService,
    private settings: TurnoutSettings,
    private now: () => number = Date.now,
  ) {}

  submit(p: Principal, s: TurnoutSubmission): Promise<SubmitOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.waiting.get(p.election);
      if (!queue) {
        queue = [];
        this.waiting.set(p.election, queue);
        setImmediate(() => this.flush(p.election));
      }
      queue.push({ p, s, resolve, reject });
      if (queue.length >= MAX_ITEMS_PER_CALL) this.flush(p.election);
    });
  }

  private flush(election: string): void {
    const queue = this.waiting.get(election);
    if (!queue?.length) return;
    this.waiting.delete(election);
    this.commit(
      election,
      queue.map((w) => ({ p: w.p, s: w.s })),
    ).then(
      (outcomes) => queue.forEach((w, i) => w.resolve(outcomes[i]!)),
      (e: unknown) => queue.forEach((w) => w.reject(e)),
    );
  }

  async submitMany(p: Principal, list: TurnoutSubmission[]): Promise<SubmitOutcome[]> {
    return this.commit(
      p.election,
      list.map((s) => ({ p, s })),
    );
  }

  private async commit(election: string, list: { p: Principal; s: TurnoutSubmission }[]): Promise<SubmitOutcome[]> {
    const ctx = await this.elections.get(election);
    if (!ctx) return list.map(() => ({ ok: false, status: 404, code: 'NOT_FOUND' }));
    const outcomes: SubmitOutcome[] = new Array(list.length);
    const pending: { index: number; item: IngestItem }[] = [];
    list.forEach(({ p, s }, index) => {
      if (!ctx.communes.has(s.pollingAreaId.slice(0, 5))) {
        outcomes[index] = {
          ok: false,
          status: 404,
          code: 'AREA_NOT_FOUND',
          detail: { pollingAreaId: s.pollingAreaId },
        };
      } else if (!mayReport(p, s.pollingAreaId, ctx)) {
        outcomes[index] = { ok: false, status: 403, code: 'FORBIDDEN' };
      } else pending.push({ index, item: toItem(s, p.name) });
    });
    for (let i = 0; i < pending.length; i += MAX_ITEMS_PER_CALL) {
      const chunk = pending.slice(i, i + MAX_ITEMS_PER_CALL);
      const results = await this.store.ingest({
        electionId: election,
        nowMs: this.now(),
        maxFutureMs: ctx.election.mode === 'simulation' ? null : this.settings.maxFutureMs,
        logMaxLen: this.settings.logMaxLen,
        bucketMs: this.settings.bucketMs,
        items: chunk.map((c) => c.item),
      });
      chunk.forEach((c, j) => {
        const r = results[j]!;
        outcomes[c.index] = r.ok ? { ok: true, replayed: r.replayed, json: acceptedJson(c.item, r) } : r;
      });
    }
    return outcomes;
  }
}
