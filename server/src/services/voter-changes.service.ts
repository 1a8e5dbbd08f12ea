import { createHash } from 'node:crypto';
import type {
  Action,
  ErrorCode,
  Principal,
  VoterChange,
  VoterChangeRequest,
  VoterChangeReason,
  VoterChangeRevert,
} from '@ecc/shared';
import { authorize, changeDelta } from '@ecc/shared';
import type { AuditStore } from '../store/audit.store.js';
import type { StoredChange, VoterChangesStore } from '../store/voter-changes.store.js';
import { toVoterChange } from '../store/voter-changes.store.js';
import type { ElectionsService } from './elections.service.js';
import { scopeContainsArea } from './elections.service.js';
import { areaTarget } from './turnout.service.js';

export type ChangeOutcome =
  | { ok: true; replayed: boolean; change: VoterChange }
  | { ok: false; status?: number; code: ErrorCode; detail?: Record<string, unknown> };

export interface ChangeContext {
  principal: Principal;
  idempotencyKey: string;
  requestId: string;
  ip: string;
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/**
 * Voter-list changes (§5): authorisation against the area, then one atomic script step per change. A revert is a
 * compensating change of the original's area, reason and contests, never a deletion.
 */
export class VoterChangesService {
  constructor(
    private store: VoterChangesStore,
    private elections: ElectionsService,
    private audit: AuditStore,
    private settings: { logMaxLen: number; maxFutureMs: number },
    private now: () => number = Date.now,
  ) {}

  async submit(c: ChangeContext, r: VoterChangeRequest): Promise<ChangeOutcome> {
    const election = c.principal.election;
    const ctx = await this.elections.get(election);
    if (!ctx || !ctx.communes.has(r.pollingAreaId.slice(0, 5)))
      return { ok: false, code: 'AREA_NOT_FOUND', detail: { pollingAreaId: r.pollingAreaId } };
    if (!(await this.allowed(c, 'voters:change', r.pollingAreaId))) return { ok: false, code: 'FORBIDDEN' };
    const now = this.now();
    const effectiveMs = r.effectiveAt ? Date.parse(r.effectiveAt) : now;
    const contests = r.contests ? [...r.contests].sort().join(',') : '';
    // The hash is over what the change means: a retry that re-serialises the same change still matches its key.
    const bodyHash = hash(
      `change|${r.pollingAreaId}|${r.reason}|${r.count}|${contests}|${r.effectiveAt ? effectiveMs : ''}|${r.note ?? ''}`,
    );
    return this.run(c, election, ctx.election.mode, {
      areaId: r.pollingAreaId,
      reason: r.reason,
      delta: changeDelta(r.reason, r.count, r.contests),
      effectiveMs,
      bodyHash,
      note: r.note ?? '',
      reverts: null,
    });
  }

  async revert(c: ChangeContext, id: number, r: VoterChangeRevert): Promise<ChangeOutcome> {
    const election = c.principal.election;
    const ctx = await this.elections.get(election);
    const original = ctx ? await this.store.get(election, id) : null;
    if (!ctx || !original) return { ok: false, code: 'CHANGE_NOT_FOUND', detail: { id } };
    if (!(await this.allowed(c, 'voters:change', original.areaId))) return { ok: false, code: 'FORBIDDEN' };
    const effectiveMs = r.effectiveAt ? Date.parse(r.effectiveAt) : this.now();
    return this.run(c, election, ctx.election.mode, {
      areaId: original.areaId,
      reason: '',
      delta: { na: 0, pc: 0, cc: 0 },
      effectiveMs,
      bodyHash: hash(`revert|${id}|${r.effectiveAt ? effectiveMs : ''}|${r.note}`),
      note: r.note,
      reverts: id,
    });
  }

  private async run(
    c: ChangeContext,
    election: string,
    mode: 'live' | 'simulation',
    x: Pick<StoredChange, 'areaId' | 'delta' | 'effectiveMs' | 'note' | 'reverts'> & {
      reason: VoterChangeReason | '';
      bodyHash: string;
    },
  ): Promise<ChangeOutcome> {
    const r = await this.store.apply({
      electionId: election,
      nowMs: this.now(),
      logMaxLen: this.settings.logMaxLen,
      maxFutureMs: mode === 'simulation' ? null : this.settings.maxFutureMs,
      idempotencyKey: c.idempotencyKey,
      who: c.principal.subject ?? c.principal.name,
      role: c.principal.role,
      ip: c.ip,
      requestId: c.requestId,
      ...x,
    });
    if (!r.ok) return r;
    const stored = await this.store.get(election, r.id);
    if (!stored) return { ok: false, code: 'INTERNAL' };
    return { ok: true, replayed: r.replayed, change: toVoterChange(stored) };
  }

  /** Denials are audited in the election's chain (nothing was written). */
  private async allowed(c: ChangeContext, action: Action, areaId: string): Promise<boolean> {
    const ctx = await this.elections.get(c.principal.election);
    if (ctx && authorize(c.principal, action, areaTarget(ctx, areaId)).ok) return true;
    await this.audit
      .append(
        [
          {
            ts: this.now(),
            who: c.principal.subject ?? c.principal.name,
            role: c.principal.role,
            act: action,
            ip: c.ip,
            target: `area:${areaId}`,
            outcome: 'denied',
            detail: '',
          },
        ],
        c.principal.election,
      )
      .catch(() => {});
    return false;
  }

  /** The changes inside a scope whose effective time lies in [from, to], with their revert links. */
  async list(election: string, scope: string, fromMs = -Infinity, toMs = Infinity): Promise<VoterChange[]> {
    const ctx = await this.elections.get(election);
    if (!ctx) return [];
    const [changes, reverted] = await Promise.all([
      this.store.all(
        election,
        (c) => c.effectiveMs >= fromMs && c.effectiveMs <= toMs && scopeContainsArea(ctx, scope, c.areaId),
      ),
      this.store.reverted(election),
    ]);
    return changes.map((c) => toVoterChange(c, reverted.get(c.id)));
  }
}
