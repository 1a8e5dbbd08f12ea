import type { Election, ErrorCode, Principal, ReferenceData } from '@ecc/shared';
import { CONTESTS, canMoveTo, electionSchema, isDrill, repeatVoteProblem, statusOf } from '@ecc/shared';
import { z } from 'zod';
import type { AuditStore } from '../store/audit.store.js';
import { electionKeys, GLOBAL_KEYS } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { readReference } from '../store/reference-read.js';
import { replaceReference } from '../store/reference-swap.js';
import { deleteElection, listElections, readElection } from '../store/reference.store.js';
import type { ElectionsService } from './elections.service.js';
import { contentHash } from './reference-import.service.js';

export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; field?: string };

/** A new election: the registry fields a person gives; defaults for the rest (05:00–21:00, two-hourly checkpoints). */
export const newElectionSchema = z.strictObject({
  id: electionSchema.shape.id,
  name: electionSchema.shape.name,
  kind: electionSchema.shape.kind,
  mode: electionSchema.shape.mode.optional(),
  date: electionSchema.shape.date,
  endDate: electionSchema.shape.date.optional(),
  contests: electionSchema.shape.contests.optional(),
  windowOpen: electionSchema.shape.windowOpen.optional(),
  windowClose: electionSchema.shape.windowClose.optional(),
  checkpoints: electionSchema.shape.checkpoints.optional(),
  silentGraceMinutes: electionSchema.shape.silentGraceMinutes.optional(),
  /** Re-vote / additional vote: the finished election and the unit it repeats (§2.8). */
  from: z.strictObject({ election: electionSchema.shape.id, unit: z.string().max(40) }).optional(),
});
export type NewElection = z.infer<typeof newElectionSchema>;

/**
 * The election registry's writes (issue 9): create (plain, or a re-vote / additional vote from a unit of a finished
 * election), move the status forward, reset or delete a drill. Each is audited in the global chain (a deleted
 * drill's own chain goes with it); resets are also recorded in the drill's chain, which a reset keeps.
 */
export class ElectionsAdminService {
  constructor(
    private redis: Redis,
    private audit: AuditStore,
    private elections: ElectionsService,
    private liveElection: string,
    private now: () => number = Date.now,
  ) {}

  private async record(actor: Principal, act: string, ip: string, target: string, detail = '', electionId?: string) {
    const e = {
      ts: this.now(),
      who: actor.subject ?? actor.name,
      role: actor.role,
      act,
      ip,
      target,
      outcome: 'ok',
      detail,
    };
    await this.audit.append([e]);
    if (electionId) await this.audit.append([e], electionId);
  }

  list(): Promise<Election[]> {
    return listElections(this.redis);
  }

  async create(actor: Principal, input: NewElection, ip: string): Promise<Result<Election>> {
    if (input.from) return this.createRepeat(actor, input, ip);
    const election: Election = electionSchema.parse({
      id: input.id,
      name: input.name,
      kind: input.kind,
      mode: input.mode ?? (input.kind === 'drill' ? 'simulation' : 'live'),
      date: input.date,
      ...(input.endDate ? { endDate: input.endDate } : {}),
      timezone: 'Asia/Ho_Chi_Minh',
      contests: input.contests ?? [...CONTESTS],
      windowOpen: input.windowOpen ?? '05:00',
      windowClose: input.windowClose ?? '21:00',
      checkpoints: input.checkpoints ?? ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'],
      silentGraceMinutes: input.silentGraceMinutes ?? 20,
      status: 'draft',
    });
    if (!(await this.redis.hSetNX(GLOBAL_KEYS.elections, election.id, JSON.stringify(election))))
      return { ok: false, code: 'ELECTION_EXISTS', field: 'id' };
    await this.record(actor, 'elections:create', ip, `election:${election.id}`, election.kind);
    return { ok: true, data: election };
  }

  /**
   * A re-vote or additional vote of one unit (§2.8): the unit's polling areas (with their voters and early dates),
   * the unit and its candidates (withdrawn ones stay withdrawn) are carried over; the contest is the unit's only.
   */
  private async createRepeat(actor: Principal, input: NewElection, ip: string): Promise<Result<Election>> {
    const from = input.from!;
    const parent = await readReference(this.redis, from.election);
    if (!parent) return { ok: false, code: 'ELECTION_NOT_FOUND', field: 'from.election' };
    const unit = parent.units.find((u) => u.id === from.unit);
    if (!unit) return { ok: false, code: 'UNIT_NOT_FOUND', field: 'from.unit' };
    const problem = repeatVoteProblem(parent.election, input.kind, input.date);
    if (problem === 'WRONG_KIND') return { ok: false, code: 'INVALID_FIELD', field: 'kind' };
    if (problem) return { ok: false, code: problem, field: problem === 'REPEAT_DATE' ? 'date' : 'from.election' };
    if (await readElection(this.redis, input.id)) return { ok: false, code: 'ELECTION_EXISTS', field: 'id' };
    const election: Election = {
      ...parent.election,
      id: input.id,
      name: input.name,
      kind: input.kind,
      mode: input.mode ?? 'live',
      date: input.date,
      contests: [unit.contest],
      status: 'draft',
      parent: { election: from.election, unit: unit.id },
    };
    delete election.endDate;
    const areas = parent.areas
      .filter((a) => a.units[unit.contest] === unit.id)
      // Only the unit's contest is held: the others' memberships are not carried (`xx-none`, as an import writes).
      .map((a) => ({
        ...a,
        votingDate: input.date,
        units: {
          na: unit.contest === 'na' ? a.units.na : 'na-none',
          pc: unit.contest === 'pc' ? a.units.pc : 'pc-none',
          cc: unit.contest === 'cc' ? a.units.cc : 'cc-none',
        },
      }));
    const communes = new Set(areas.map((a) => a.communeCode));
    const provinces = new Set(areas.map((a) => a.provinceCode));
    const data: ReferenceData = {
      election,
      provinces: parent.provinces.filter((p) => provinces.has(p.code)),
      communes: parent.communes.filter((c) => communes.has(c.code)),
      areas,
      units: [unit],
      candidates: parent.candidates.filter((c) => c.unitId === unit.id),
    };
    // Claim the id first so two requests cannot both create it, then write the data atomically.
    if (!(await this.redis.hSetNX(GLOBAL_KEYS.elections, election.id, JSON.stringify(election))))
      return { ok: false, code: 'ELECTION_EXISTS', field: 'id' };
    await replaceReference(this.redis, data, contentHash(data));
    await this.record(
      actor,
      'elections:create',
      ip,
      `election:${election.id}`,
      `${input.kind} of ${from.election} ${unit.id}`,
    );
    return { ok: true, data: election };
  }

  async setStatus(
    actor: Principal,
    id: string,
    status: NonNullable<Election['status']>,
    ip: string,
  ): Promise<Result<Election>> {
    const e = await readElection(this.redis, id);
    if (!e) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    if (!canMoveTo(statusOf(e), status)) return { ok: false, code: 'STATUS_TRANSITION', field: 'status' };
    const next = { ...e, status };
    await this.record(actor, 'elections:status', ip, `election:${id}`, `${statusOf(e)}→${status}`, id);
    await this.redis.hSet(GLOBAL_KEYS.elections, id, JSON.stringify(next));
    this.elections.invalidate(id);
    return { ok: true, data: next };
  }

  /** A drill back to its reference data: reports, aggregates, logs cleared; reference, tokens, audit chain kept. */
  async reset(actor: Principal, id: string, ip: string): Promise<Result<{ keys: number }>> {
    const e = await readElection(this.redis, id);
    if (!e) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    if (!isDrill(e)) return { ok: false, code: 'NOT_A_DRILL' };
    const data = await readReference(this.redis, id);
    await this.record(actor, 'elections:reset', ip, `election:${id}`, '', id);
    const hash = (await this.redis.get(electionKeys(id).referenceHash)) ?? contentHash(data!);
    const keys = await replaceReference(this.redis, data!, hash);
    this.elections.invalidate(id);
    return { ok: true, data: { keys } };
  }

  /** Deletes a drill's whole namespace, registry entry and device tokens; never the server's live election. */
  async remove(actor: Principal, id: string, ip: string): Promise<Result<{ keys: number }>> {
    const e = await readElection(this.redis, id);
    if (!e) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    if (!isDrill(e)) return { ok: false, code: 'NOT_A_DRILL' };
    if (id === this.liveElection) return { ok: false, code: 'LIVE_ELECTION' };
    await this.record(actor, 'elections:delete', ip, `election:${id}`);
    const keys = await deleteElection(this.redis, id);
    this.elections.invalidate(id);
    return { ok: true, data: { keys } };
  }
}
