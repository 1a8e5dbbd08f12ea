import type { ErrorCode, Incident, IncidentCounts, IncidentEvent } from '@ecc/shared';
import { isErrorCode } from '@ecc/shared';
import { countsFromHash, eventFromEntry, incidentCreateFields, incidentFromHash } from './incident-codec.js';
import type { NewIncident } from './incident-codec.js';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

export type { NewIncident };

export interface Actor {
  who: string;
  role: string;
  ip: string;
}

export type StoreError = { ok: false; code: ErrorCode; detail: Record<string, unknown> };
export type CreateResult = { ok: true; id: string; replayed: boolean } | StoreError;
export type ActResult = { ok: true; version: number } | StoreError;

export interface IncidentStep {
  type: 'transition' | 'duplicate' | 'claim' | 'unclaim' | 'assign' | 'comment' | 'severity';
  expectedVersion?: number | undefined;
  /** States the incident may be in for this step (from the shared state machine); empty when not a state change. */
  allowedFrom: readonly string[];
  arg: string;
  /** What the timeline shows for this step (note, comment text, target state…). */
  data: Record<string, unknown>;
}

function parseError(raw: string): StoreError {
  const e = JSON.parse(raw) as { code: string; detail?: Record<string, unknown> };
  const detail = e.detail && !Array.isArray(e.detail) ? e.detail : {};
  return { ok: false, code: isErrorCode(e.code) ? e.code : 'INTERNAL', detail };
}

/** Incidents in Redis: two scripts write (create, one step), everything else reads. */
export class IncidentsStore {
  private create$: Script;
  private step$: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.create$ = new Script(redis, 'incident-create', timer);
    this.step$ = new Script(redis, 'incident-event', timer);
  }

  async load(): Promise<void> {
    await Promise.all([this.create$.load(), this.step$.load()]);
  }

  /** `idem` is the reporter's Idempotency-Key (already prefixed with the reporter), '' when none was sent. */
  async create(electionId: string, i: NewIncident, by: Actor, idem: string, bodyHash: string): Promise<CreateResult> {
    const data = JSON.stringify({ category: i.category, severity: i.severity, photos: i.photos.length });
    const args = [
      electionKeys(electionId).prefix,
      String(Date.now()),
      idem,
      bodyHash,
      i.province,
      i.scopes.join(' '),
      by.who,
      by.role,
      by.ip,
      data,
      ...incidentCreateFields(i),
    ];
    const out = String(await this.create$.run([], args));
    const tab = out.indexOf('\t');
    const [kind, rest] = [out.slice(0, tab), out.slice(tab + 1)];
    if (kind === 'ER') return parseError(rest);
    return { ok: true, id: rest, replayed: kind === 'RP' };
  }

  async act(electionId: string, id: string, step: IncidentStep, by: Actor): Promise<ActResult> {
    const args = [
      electionKeys(electionId).prefix,
      String(Date.now()),
      id,
      step.type,
      by.who,
      by.role,
      by.ip,
      step.expectedVersion === undefined ? '' : String(step.expectedVersion),
      step.allowedFrom.join(' '),
      step.arg,
      JSON.stringify(step.data),
    ];
    const out = String(await this.step$.run([], args));
    const tab = out.indexOf('\t');
    if (out.slice(0, tab) === 'ER') return parseError(out.slice(tab + 1));
    return { ok: true, version: Number(out.slice(tab + 1)) };
  }

  async get(electionId: string, id: string): Promise<Incident | null> {
    const h = await this.redis.hGetAll(electionKeys(electionId).incident(id));
    return Object.keys(h).length ? incidentFromHash(h) : null;
  }

  async many(electionId: string, ids: readonly string[]): Promise<Incident[]> {
    if (ids.length === 0) return [];
    const K = electionKeys(electionId);
    const m = this.redis.multi();
    for (const id of ids) m.hGetAll(K.incident(id));
    const rows = (await m.execAsPipeline()) as unknown as Record<string, string>[];
    return rows.flatMap((h) => {
      const i = h && Object.keys(h).length ? incidentFromHash(h) : null;
      return i ? [i] : [];
    });
  }

  /** The timeline: every event, oldest first. */
  async events(electionId: string, id: string): Promise<IncidentEvent[]> {
    const rows = await this.redis.xRange(electionKeys(electionId).incidentEvents(id), '-', '+');
    return rows.map((r) => eventFromEntry(r.id, r.message as Record<string, string>));
  }

  /** A scope's incidents, newest first; `sinceMs`/`untilMs` bound the creation time. */
  async list(electionId: string, scope: string, limit: number, sinceMs = 0, untilMs = Infinity): Promise<Incident[]> {
    const ids = await this.redis.zRange(
      electionKeys(electionId).incidentIndex(scope),
      untilMs === Infinity ? '+inf' : untilMs,
      sinceMs,
      { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: limit } },
    );
    return this.many(electionId, ids);
  }

  async counts(electionId: string, scope: string): Promise<{ seq: number; counts: IncidentCounts }> {
    return countsFromHash(await this.redis.hGetAll(electionKeys(electionId).incidentCounts(scope)));
  }

  /** The scopes an incident is indexed under (its electoral units among them). */
  async scopesOf(electionId: string, id: string): Promise<string[]> {
    const s = await this.redis.hGet(electionKeys(electionId).incident(id), 'scopes');
    return s ? s.split(' ') : [];
  }

  /** A polling area's commune, province and electoral units, or null when the election has no such area. */
  async areaLineage(electionId: string, areaId: string) {
    const [commune, province, na, pc, cc] = await this.redis.hmGet(electionKeys(electionId).area(areaId), [
      'commune',
      'province',
      'una',
      'upc',
      'ucc',
    ]);
    if (!commune || !province) return null;
    return { commune, province, units: [na, pc, cc].filter((u): u is string => !!u) };
  }

  /** The incident sequence of each scope (heartbeats), 0 when nothing happened there yet. */
  async seqs(electionId: string, scopes: readonly string[]): Promise<number[]> {
    const K = electionKeys(electionId);
    const m = this.redis.multi();
    for (const s of scopes) m.hGet(K.incidentCounts(s), 'seq');
    const rows = (await m.execAsPipeline()) as unknown as (string | null)[];
    return rows.map((v) => Number(v ?? 0));
  }
}
