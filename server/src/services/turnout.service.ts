import { createHash } from 'node:crypto';
import type { Action, Principal, Target, TurnoutAccepted } from '@ecc/shared';
import { authorize } from '@ecc/shared';
import type { AuditStore } from '../store/audit.store.js';
import type { IngestItem, IngestResult, TurnoutStore } from '../store/turnout.store.js';
import { MAX_ITEMS_PER_CALL } from '../store/turnout.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';
import { provinceOfArea } from './elections.service.js';

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
  { ok: true; replayed: boolean; body: TurnoutAccepted } | Extract<IngestResult, { ok: false }>;

/** A polling area as an authorisation target; its electoral units only when the principal is a board. */
export function areaTarget(ctx: ElectionContext, areaId: string, units?: readonly string[]): Target {
  const province = provinceOfArea(ctx, areaId);
  return { area: areaId, commune: areaId.slice(0, 5), ...(province ? { province } : {}), ...(units ? { units } : {}) };
}

/** May this principal do that to that area? The rule is shared/src/auth/authorize.ts. */
export function mayWrite(p: Principal, action: Action, target: Target): boolean {
  return authorize(p, action, target).ok;
}

/** Denied writes, reported to the audit log by the caller (who knows the address). */
export type DenialHook = (p: Principal, action: Action, areaId: string) => void;

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
    private audit?: AuditStore,
  ) {}

  /** Denials are audited in the election's chain; nothing was written, so a failed append only loses the entry. */
  private async auditDenials(p: Principal, action: Action, ip: string, areas: string[]): Promise<void> {
    const ts = this.now();
    const events = areas.slice(0, 100).map((a) => ({
      ts,
      who: p.subject ?? p.name,
      role: p.role,
      act: action,
      ip,
      target: `area:${a}`,
      outcome: 'denied',
      detail: areas.length > 100 ? `${areas.length} denied in one request` : '',
    }));
    await this.audit?.append(events, p.election).catch(() => {});
  }

  async submit(p: Principal, s: TurnoutSubmission, ip = ''): Promise<SubmitOutcome> {
    const action = s.kind === 'report' ? 'turnout:report' : 'turnout:correct';
    return (await this.submitMany(p, [s], action, ip))[0]!;
  }

  async submitMany(
    p: Principal,
    list: TurnoutSubmission[],
    action: Action = 'turnout:batch',
    ip = '',
  ): Promise<SubmitOutcome[]> {
    const ctx = await this.elections.get(p.election);
    if (!ctx) return list.map(() => ({ ok: false, status: 404, code: 'NOT_FOUND' }));
    const outcomes: SubmitOutcome[] = new Array(list.length);
    const pending: { index: number; item: IngestItem }[] = [];
    // Boards are scoped to an electoral unit: only for them is the area's unit membership read.
    const units =
      p.role === 'election-board'
        ? await Promise.all(list.map((s) => this.store.areaUnits(p.election, s.pollingAreaId)))
        : undefined;
    const denied: string[] = [];
    list.forEach((s, index) => {
      if (!ctx.communes.has(s.pollingAreaId.slice(0, 5))) {
        outcomes[index] = {
          ok: false,
          status: 404,
          code: 'AREA_NOT_FOUND',
          detail: { pollingAreaId: s.pollingAreaId },
        };
      } else if (!mayWrite(p, action, areaTarget(ctx, s.pollingAreaId, units?.[index]))) {
        outcomes[index] = { ok: false, status: 403, code: 'FORBIDDEN' };
        denied.push(s.pollingAreaId);
      } else pending.push({ index, item: toItem(s) });
    });
    if (denied.length > 0) await this.auditDenials(p, action, ip, denied);
    for (let i = 0; i < pending.length; i += MAX_ITEMS_PER_CALL) {
      const chunk = pending.slice(i, i + MAX_ITEMS_PER_CALL);
      const results = await this.store.ingest({
        electionId: p.election,
        reporter: p.subject ?? p.name,
        role: p.role,
        ip,
        nowMs: this.now(),
        maxFutureMs: ctx.election.mode === 'simulation' ? null : this.settings.maxFutureMs,
        logMaxLen: this.settings.logMaxLen,
        bucketMs: this.settings.bucketMs,
        items: chunk.map((c) => c.item),
      });
      chunk.forEach((c, j) => {
        const r = results[j]!;
        outcomes[c.index] = r.ok
          ? { ok: true, replayed: r.replayed, body: JSON.parse(r.response) as TurnoutAccepted }
          : r;
      });
    }
    return outcomes;
  }
}
