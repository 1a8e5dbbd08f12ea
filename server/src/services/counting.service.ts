import { createHash } from 'node:crypto';
import type {
  Action,
  Contest,
  CountingDecision,
  CountingProgress,
  CountingRecord,
  ErrorCode,
  Principal,
  Target,
} from '@ecc/shared';
import { authorize, checkCountingRecord, pollsClosedAt, toVnIso } from '@ecc/shared';
import type { AuditStore } from '../store/audit.store.js';
import { readAreaReference } from '../store/counting.store.js';
import { encodeHistoryRecord } from '../store/counting-history-codec.js';
import type { CountingStore, CountingWrite, CountingWriteResult } from '../store/counting.store.js';
import type { Redis } from '../store/redis.js';
import type { UnitReferenceReader } from '../store/unit-reference.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';
import { provinceOfArea } from './elections.service.js';

export interface CountingSettings {
  logMaxLen: number;
  /** Entries the media feed keeps (default RESULTS_FEED_MAXLEN's). */
  feedMaxLen?: number;
  maxFutureMs: number;
}

/** Who asks, with what key, from where: what the transport extracted. */
export interface WriteMeta {
  principal: Principal;
  idempotencyKey: string;
  requestId: string;
  ip: string;
}

export type CountingOutcome =
  | { ok: true; replayed: boolean; body: Record<string, unknown> }
  | { ok: false; status: number; code: ErrorCode; field?: string; detail?: Record<string, unknown> };

const fail = (status: number, code: ErrorCode, detail?: Record<string, unknown>, field?: string): CountingOutcome => ({
  ok: false,
  status,
  code,
  ...(detail ? { detail } : {}),
  ...(field ? { field } : {}),
});

/** The body hash is over the parsed meaning of the request, so a retry that re-serialises it still matches. */
function hashOf(op: string, x: unknown): string {
  return createHash('sha256')
    .update(`${op}|${JSON.stringify(x)}`)
    .digest('base64url')
    .slice(0, 16); // 96 bits, as turnout's: keeps the area's idempotency hash within Redis's 64-byte listpack values
}

/**
 * Counting writes (§2.5–2.7): check against the reference data and the identities of §2.7, authorise, then one
 * atomic store step (scripts/counting.lua) that also audits. The answer to a write is built only from what the
 * store returns, so a replay with the same idempotency key is the same bytes.
 */
export class CountingService {
  constructor(
    private store: CountingStore,
    private redis: Redis,
    private units: UnitReferenceReader,
    private elections: ElectionsService,
    private settings: CountingSettings,
    private audit: AuditStore,
    private now: () => number = Date.now,
  ) {}

  async progress(m: WriteMeta, b: CountingProgress): Promise<CountingOutcome> {
    const x = await this.prepare(m, b.pollingAreaId, b.contest, 'counting:submit', false);
    if (!x.ok) return x.outcome;
    return this.write(x.ctx, m, b.pollingAreaId, b.contest, {
      op: 'progress',
      bodyHash: hashOf('progress', b),
      at: b.at,
      pollsCloseMs: x.pollsCloseMs,
      reason: '',
      version: null,
    });
  }

  async submit(m: WriteMeta, b: CountingRecord): Promise<CountingOutcome> {
    const x = await this.prepare(m, b.pollingAreaId, b.contest, 'counting:submit', false);
    if (!x.ok) return x.outcome;
    const ref = x.area;
    const unit = await this.units.get(m.principal.election, ref.units[b.contest]);
    if (!unit) return fail(404, 'NOT_FOUND', { unitId: ref.units[b.contest] });
    const check = checkCountingRecord(b, {
      seats: unit.unit.seats,
      candidateIds: unit.candidates.map((c) => c.id),
      listed: ref.registered[b.contest],
      turnoutVoted: b.contest === 'na' ? ref.voted : null,
    });
    if (!check.ok) return fail(422, check.broken.code, check.broken.detail, check.broken.field);
    // Votes are stored in the unit's candidate order, whatever order the form sent them in.
    const order = new Map(unit.candidates.map((c, i) => [c.id, i]));
    const votes = [...b.votes].sort((p, q) => order.get(p.candidateId)! - order.get(q.candidateId)!);
    const record = { ...b, votes };
    return this.write(x.ctx, m, b.pollingAreaId, b.contest, {
      op: 'submit',
      bodyHash: hashOf('submit', record),
      at: b.at,
      pollsCloseMs: x.pollsCloseMs,
      reason: b.reason ?? '',
      version: b.baseVersion ?? null,
      numbers: [b.voters, b.voted, b.issued, b.received, b.valid, b.invalid],
      votes,
      flags: check.flags,
      recordJson: encodeHistoryRecord(record, ref.units[b.contest], b.at),
    });
  }

  async decide(m: WriteMeta, areaId: string, contest: Contest, b: CountingDecision): Promise<CountingOutcome> {
    const x = await this.prepare(m, areaId, contest, 'counting:review', true);
    if (!x.ok) return x.outcome;
    return this.write(x.ctx, m, areaId, contest, {
      op: 'decide',
      bodyHash: hashOf('decide', { areaId, contest, ...b }),
      at: b.at,
      pollsCloseMs: x.pollsCloseMs,
      reason: b.action === 'return' ? b.reason : '',
      version: b.version,
      action: b.action,
    });
  }

  /** Election, area and authorisation; a board's target is the area's unit of that contest (its jurisdiction). */
  private async prepare(m: WriteMeta, areaId: string, contest: Contest, action: Action, asUnit: boolean) {
    const election = m.principal.election;
    const ctx = await this.elections.get(election);
    if (!ctx) return { ok: false as const, outcome: fail(404, 'NOT_FOUND', undefined, 'election') };
    const area = ctx.communes.has(areaId.slice(0, 5)) ? await readAreaReference(this.redis, election, areaId) : null;
    if (!area) return { ok: false as const, outcome: fail(404, 'AREA_NOT_FOUND', { pollingAreaId: areaId }) };
    if (!ctx.election.contests.includes(contest))
      return { ok: false as const, outcome: fail(400, 'INVALID_FIELD', undefined, 'contest') };
    const province = provinceOfArea(ctx, areaId);
    const target: Target = {
      area: areaId,
      commune: areaId.slice(0, 5),
      ...(province ? { province } : {}),
      ...(asUnit ? { unit: area.units[contest] } : {}),
    };
    const d = authorize(m.principal, action, target);
    if (!d.ok) {
      await this.audit
        .append(
          [
            {
              ts: this.now(),
              who: m.principal.subject ?? m.principal.name,
              role: m.principal.role,
              act: action,
              ip: m.ip,
              target: `area:${areaId}/${contest}`,
              outcome: 'denied',
              detail: d.reason,
            },
          ],
          election,
        )
        .catch(() => {});
      return {
        ok: false as const,
        outcome: fail(403, d.reason === 'role' ? 'ROLE_FORBIDDEN' : 'FORBIDDEN'),
      };
    }
    return { ok: true as const, ctx, area, pollsCloseMs: pollsClosedAt(area.votingDate) };
  }

  private async write(
    ctx: ElectionContext,
    m: WriteMeta,
    areaId: string,
    contest: Contest,
    w: Pick<
      CountingWrite,
      | 'op'
      | 'bodyHash'
      | 'pollsCloseMs'
      | 'reason'
      | 'version'
      | 'action'
      | 'numbers'
      | 'votes'
      | 'flags'
      | 'recordJson'
    > & {
      at: string;
    },
  ): Promise<CountingOutcome> {
    const { at, ...rest } = w;
    const r: CountingWriteResult = await this.store.write({
      ...rest,
      electionId: ctx.election.id,
      areaId,
      contest,
      idempotencyKey: m.idempotencyKey,
      nowMs: this.now(),
      atMs: Date.parse(at),
      atIso: at,
      maxFutureMs: ctx.election.mode === 'simulation' ? null : this.settings.maxFutureMs,
      logMaxLen: this.settings.logMaxLen,
      ...(this.settings.feedMaxLen ? { feedMaxLen: this.settings.feedMaxLen } : {}),
      who: m.principal.subject ?? m.principal.name,
      role: m.principal.role,
      ip: m.ip,
      requestId: m.requestId,
    });
    if (!r.ok) return fail(r.status, r.code, r.detail);
    return {
      ok: true,
      replayed: r.replayed,
      body: {
        pollingAreaId: areaId,
        contest,
        version: r.version,
        state: r.state,
        flags: r.flags,
        receivedAt: toVnIso(r.receivedMs),
      },
    };
  }
}
