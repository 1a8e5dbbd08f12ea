import type { ErrorCode, Registered, VoterChange, VoterChangeKind, VoterChangeReason } from '@ecc/shared';
import { toVnIso } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

/** One change (or revert) as the script takes it. For a revert, area, reason and delta come from the original. */
export interface VoterChangeItem {
  electionId: string;
  nowMs: number;
  logMaxLen: number;
  /** null: a simulated election, whose clock is the changes' own (only the close is checked). */
  maxFutureMs: number | null;
  areaId: string;
  reason: VoterChangeReason | '';
  delta: Registered;
  effectiveMs: number;
  idempotencyKey: string;
  bodyHash: string;
  who: string;
  role: string;
  ip: string;
  note: string;
  reverts: number | null;
  requestId: string;
}

export type VoterChangeResult =
  | { ok: true; replayed: boolean; id: number }
  | { ok: false; status: number; code: ErrorCode; detail?: Record<string, unknown> };

/** A stored change, decoded from its stream entry (field names: voter-change.lua). */
export interface StoredChange {
  id: number;
  areaId: string;
  communeCode: string;
  provinceCode: string;
  /** A §5 reason, or 'correction' (an area edit in the reference data, area-edit.lua). */
  reason: VoterChangeKind;
  delta: Registered;
  effectiveMs: number;
  receivedMs: number;
  by: string;
  note: string;
  reverts: number | null;
  registeredAfter: Registered;
}

function decode(id: string, m: Record<string, string>): StoredChange {
  const [na, pc, cc] = (m.rg ?? '0,0,0').split(',').map(Number);
  return {
    id: Number(id.split('-')[0]),
    areaId: m.a ?? '',
    communeCode: m.c ?? '',
    provinceCode: m.p ?? '',
    reason: (m.r ?? '') as VoterChangeKind,
    delta: { na: Number(m.na), pc: Number(m.pc), cc: Number(m.cc) },
    effectiveMs: Number(m.e),
    receivedMs: Number(m.t),
    by: m.by ?? '',
    note: m.note ?? '',
    reverts: m.rv ? Number(m.rv) : null,
    registeredAfter: { na: na ?? 0, pc: pc ?? 0, cc: cc ?? 0 },
  };
}

/** The API's view of a stored change. */
export function toVoterChange(c: StoredChange, revertedBy?: number): VoterChange {
  return {
    id: c.id,
    pollingAreaId: c.areaId,
    communeCode: c.communeCode,
    provinceCode: c.provinceCode,
    reason: c.reason,
    count: Math.abs(c.delta.na),
    delta: c.delta,
    effectiveAt: toVnIso(c.effectiveMs),
    receivedAt: toVnIso(c.receivedMs),
    by: c.by,
    note: c.note,
    ...(c.reverts !== null ? { reverts: c.reverts } : {}),
    ...(revertedBy !== undefined ? { revertedBy } : {}),
    registeredAfter: c.registeredAfter,
  };
}

/** Writes go through voter-change.lua only; reads decode the election's change log. */
export class VoterChangesStore {
  private script: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.script = new Script(redis, 'voter-change', timer);
  }

  load(): Promise<void> {
    return this.script.load();
  }

  async apply(i: VoterChangeItem): Promise<VoterChangeResult> {
    const raw = String(
      await this.script.run(
        [],
        [
          electionKeys(i.electionId).prefix,
          String(i.nowMs),
          String(i.logMaxLen),
          i.maxFutureMs === null ? '0' : '1',
          String(i.maxFutureMs ?? 0),
          i.areaId,
          i.reason,
          String(i.delta.na),
          String(i.delta.pc),
          String(i.delta.cc),
          String(i.effectiveMs),
          i.idempotencyKey,
          i.bodyHash,
          i.who,
          i.role,
          i.ip,
          i.note,
          i.reverts === null ? '' : String(i.reverts),
          i.requestId,
        ],
      ),
    );
    const tag = raw.slice(0, 2);
    const rest = raw.slice(3);
    if (tag === 'OK' || tag === 'RP') return { ok: true, replayed: tag === 'RP', id: Number(rest) };
    return {
      ok: false,
      ...(JSON.parse(rest) as { status: number; code: ErrorCode; detail?: Record<string, unknown> }),
    };
  }

  async get(electionId: string, id: number): Promise<StoredChange | null> {
    const e = await this.redis.xRange(electionKeys(electionId).voterChanges, `${id}-0`, `${id}-0`);
    return e[0] ? decode(e[0].id, e[0].message as Record<string, string>) : null;
  }

  /** Original change number → the number of the change that reverted it. */
  async reverted(electionId: string): Promise<Map<number, number>> {
    const all = await this.redis.hGetAll(electionKeys(electionId).voterChangeReverted);
    return new Map(Object.entries(all).map(([k, v]) => [Number(k), Number(v)]));
  }

  /** Every change of the election, in the order they were accepted (paged, so a national log streams). */
  async all(electionId: string, filter: (c: StoredChange) => boolean = () => true): Promise<StoredChange[]> {
    const K = electionKeys(electionId);
    const out: StoredChange[] = [];
    let start = '-';
    for (;;) {
      const page = await this.redis.xRange(K.voterChanges, start, '+', { COUNT: 5000 });
      for (const { id, message } of page) {
        const c = decode(id, message as Record<string, string>);
        if (filter(c)) out.push(c);
      }
      if (page.length < 5000) return out;
      start = `(${page[page.length - 1]!.id}`;
    }
  }

  /** One area's changes, oldest first. */
  async ofArea(electionId: string, areaId: string): Promise<StoredChange[]> {
    const K = electionKeys(electionId);
    const ids = await this.redis.lRange(K.areaVoterChanges(areaId), 0, -1);
    const rows = await Promise.all(ids.map((id) => this.get(electionId, Number(id))));
    return rows.filter((c): c is StoredChange => c !== null);
  }

  /** Current registered voters of scopes (list total and commune-council), for report start and end figures. */
  async registered(electionId: string, scopes: string[]): Promise<Map<string, { na: number; cc: number }>> {
    const K = electionKeys(electionId);
    const rows = await Promise.all(
      scopes.map((s) => this.redis.hmGet(s.startsWith('area:') ? K.area(s.slice(5)) : K.agg(s), ['reg', 'regcc'])),
    );
    return new Map(scopes.map((s, i) => [s, { na: Number(rows[i]![0] ?? 0), cc: Number(rows[i]![1] ?? 0) }]));
  }
}
