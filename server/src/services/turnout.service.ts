import { hash } from 'node:crypto';
import type { Action, Principal, Target } from '@ecc/shared';
import { authorize, toVnIso } from '@ecc/shared';
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
  /** The item's place in its request, e.g. "#17" (IngestItem.requestPart). */
  requestPart?: string;
}

export interface TurnoutSettings {
  logMaxLen: number;
  bucketMs: number;
  maxFutureMs: number;
  /** Items submitted and not yet answered; beyond it submissions are refused with OVERLOADED (503). */
  maxPending: number;
}

const OVERLOADED: SubmitOutcome = { ok: false, status: 503, code: 'OVERLOADED' };

export type SubmitOutcome =
  /** `json` is the accepted answer, the same bytes for the original and every replay. */
  { ok: true; replayed: boolean; json: string } | Extract<IngestResult, { ok: false }>;

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

/** One submission with who sent it, what it asks and from where (the audit needs all three). */
interface Entry {
  p: Principal;
  s: TurnoutSubmission;
  action: Action;
  ip: string;
}

/**
 * The body hash is over the meaning of the request (time normalised to the instant), so a retry that
 * re-serialises the same report still matches its idempotency key.
 */
function toItem(e: Entry): IngestItem {
  const { s, p } = e;
  const atMs = Date.parse(s.at);
  const reason = s.reason ?? '';
  return {
    areaId: s.pollingAreaId,
    voted: s.voted,
    atMs,
    atIso: s.at,
    idempotencyKey: s.idempotencyKey,
    // 96 bits: keeps the area's idempotency field under Redis's 64-byte listpack value limit. One-shot hash():
    // no Hash object per item.
    bodyHash: hash('sha256', `${s.kind}|${s.pollingAreaId}|${s.voted}|${atMs}|${reason}`, 'base64url').slice(0, 16),
    kind: s.kind,
    reason,
    requestId: s.requestId ?? '',
    requestPart: s.requestPart ?? '',
    reporter: p.subject ?? p.name,
    role: p.role,
    ip: e.ip,
  };
}

/**
 * The answer to an accepted report, the same bytes for the original and every replay: a replay carries the same
 * body (its hash matched), and the store returns the original sequence, reception time and `at` as sent.
 */
function acceptedJson(i: IngestItem, r: Extract<IngestResult, { ok: true }>): string {
  return (
    `{"pollingAreaId":${JSON.stringify(i.areaId)},"voted":${i.voted},"at":${JSON.stringify(r.atIso)},` +
    `"kind":"${i.kind}","areaSeq":${r.areaSeq},"receivedAt":"${receivedIso(r.receivedMs)}"}`
  );
}

/** The items of one store step share their reception time: format it once, not once per item. */
let lastReceived = { ms: NaN, iso: '' };
function receivedIso(ms: number): string {
  if (ms !== lastReceived.ms) lastReceived = { ms, iso: toVnIso(ms) };
  return lastReceived.iso;
}

interface Waiting extends Entry {
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
  /** Items between submit and answer, all elections together (they share one Redis). */
  private pending = 0;

  get pendingItems(): number {
    return this.pending;
  }

  /** Counts `n` items in until `done` settles, or refuses them all when that would pass the bound. */
  private admit<T>(n: number, refused: T, run: () => Promise<T>): Promise<T> {
    if (this.pending + n > this.settings.maxPending) return Promise.resolve(refused);
    this.pending += n;
    return run().finally(() => (this.pending -= n));
  }

  constructor(
    private store: TurnoutStore,
    private elections: ElectionsService,
    private settings: TurnoutSettings,
    private now: () => number = Date.now,
    private audit?: AuditStore,
  ) {}

  submit(p: Principal, s: TurnoutSubmission, ip = ''): Promise<SubmitOutcome> {
    return this.admit(1, OVERLOADED, () => this.enqueue(p, s, ip));
  }

  private enqueue(p: Principal, s: TurnoutSubmission, ip: string): Promise<SubmitOutcome> {
    const action: Action = s.kind === 'report' ? 'turnout:report' : 'turnout:correct';
    return new Promise((resolve, reject) => {
      let queue = this.waiting.get(p.election);
      if (!queue) {
        queue = [];
        this.waiting.set(p.election, queue);
        setImmediate(() => this.flush(p.election));
      }
      queue.push({ p, s, action, ip, resolve, reject });
      if (queue.length >= MAX_ITEMS_PER_CALL) this.flush(p.election);
    });
  }

  private flush(election: string): void {
    const queue = this.waiting.get(election);
    if (!queue?.length) return;
    this.waiting.delete(election);
    this.commit(election, queue).then(
      (outcomes) => queue.forEach((w, i) => w.resolve(outcomes[i]!)),
      (e: unknown) => queue.forEach((w) => w.reject(e)),
    );
  }

  async submitMany(
    p: Principal,
    list: TurnoutSubmission[],
    action: Action = 'turnout:batch',
    ip = '',
  ): Promise<SubmitOutcome[]> {
    const refused = list.map(() => OVERLOADED);
    return this.admit(list.length, refused, () =>
      this.commit(
        p.election,
        list.map((s) => ({ p, s, action, ip })),
      ),
    );
  }

  /** Denials are audited in the election's chain; nothing was written, so a failed append only loses the entry. */
  private async auditDenials(election: string, denied: Entry[]): Promise<void> {
    const ts = this.now();
    const events = denied.slice(0, 100).map((e) => ({
      ts,
      who: e.p.subject ?? e.p.name,
      role: e.p.role,
      act: e.action,
      ip: e.ip,
      target: `area:${e.s.pollingAreaId}`,
      outcome: 'denied',
      detail: denied.length > 100 ? `${denied.length} denied in one request` : '',
    }));
    await this.audit?.append(events, election).catch(() => {});
  }

  private async commit(election: string, entries: Entry[]): Promise<SubmitOutcome[]> {
    const ctx = await this.elections.get(election);
    if (!ctx) return entries.map(() => ({ ok: false, status: 404, code: 'NOT_FOUND' }));
    const outcomes: SubmitOutcome[] = new Array(entries.length);
    const pending: { index: number; item: IngestItem }[] = [];
    // Boards are scoped to an electoral unit: only for them is the area's unit membership read (one read each).
    const units = entries.some((e) => e.p.role === 'election-board')
      ? await Promise.all(
          entries.map((e) =>
            e.p.role === 'election-board' ? this.store.areaUnits(election, e.s.pollingAreaId) : undefined,
          ),
        )
      : [];
    const denied: Entry[] = [];
    entries.forEach((e, index) => {
      const areaId = e.s.pollingAreaId;
      if (!ctx.communes.has(areaId.slice(0, 5))) {
        outcomes[index] = { ok: false, status: 404, code: 'AREA_NOT_FOUND', detail: { pollingAreaId: areaId } };
      } else if (!mayWrite(e.p, e.action, areaTarget(ctx, areaId, units[index]))) {
        outcomes[index] = { ok: false, status: 403, code: 'FORBIDDEN' };
        denied.push(e);
      } else pending.push({ index, item: toItem(e) });
    });
    if (denied.length > 0) await this.auditDenials(election, denied);
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
