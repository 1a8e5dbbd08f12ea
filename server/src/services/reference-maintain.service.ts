import type { Candidate, Contest, ElectoralUnit, PollingArea, Principal, Target } from '@ecc/shared';
import { ISSUES, areaRuleHits, isReferenceLocked, membershipProblem, minCandidates } from '@ecc/shared';
import { z } from 'zod';
import type { AuditStore } from '../store/audit.store.js';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { readArea, readCandidates, readUnit } from '../store/reference-read.js';
import type { ReferenceEditStore } from '../store/reference-edit.store.js';
import { readElection } from '../store/reference.store.js';
import type { Result } from './elections-admin.service.js';
import type { ElectionsService } from './elections.service.js';
import { bumpPublicVersion } from '../store/public-snapshot.store.js';

const reason = z.string().trim().min(3).max(500);
const count = z.number().int().min(0).max(100_000);
export const areaPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  address: z.string().trim().min(1).max(300).optional(),
  kind: z.enum(['regular', 'separate', 'armed-forces']).optional(),
  registered: z.strictObject({ na: count.optional(), pc: count.optional(), cc: count.optional() }).optional(),
  /** null clears the coordinates. */
  location: z
    .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .nullable()
    .optional(),
  units: z
    .strictObject({
      na: z.string().max(40).optional(),
      pc: z.string().max(40).optional(),
      cc: z.string().max(40).optional(),
    })
    .optional(),
  /** Required once reference data is locked; recorded in the audit chain either way. */
  reason: reason.optional(),
});
export type AreaPatch = z.infer<typeof areaPatchSchema>;

export const withdrawSchema = z.strictObject({
  reason,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export interface Warning {
  code: string;
  vi: string;
  en: string;
}

/** The candidate's unit, from its id `c-{unitId}-{nn}`. */
export const unitOfCandidate = (id: string): string => id.slice(2, id.lastIndexOf('-'));

/**
 * Edits of single reference items through the admin UI (issue 9): a polling area's details, voters and units
 * (aggregates kept equal to a recomputation by scripts/area-edit.lua), a candidate's withdrawal (kept as history).
 * Once the election's reference data is locked, each change needs a reason; every change is audited in the
 * election's chain with what changed.
 */
export class ReferenceMaintainService {
  constructor(
    private redis: Redis,
    private store: ReferenceEditStore,
    private audit: AuditStore,
    private elections: ElectionsService,
    private now: () => number = Date.now,
  ) {}

  /** Where an area lies, for the jurisdiction check (null: no such area). */
  async areaTarget(electionId: string, areaId: string): Promise<Target | null> {
    const a = await readArea(this.redis, electionId, areaId);
    return a ? { province: a.provinceCode, commune: a.communeCode, area: a.id } : null;
  }

  async unitTarget(electionId: string, unitId: string): Promise<Target | null> {
    const u = await readUnit(this.redis, electionId, unitId);
    return u ? { province: u.provinceCode, ...(u.communeCode ? { commune: u.communeCode } : {}), unit: u.id } : null;
  }

  private async record(actor: Principal, electionId: string, act: string, ip: string, target: string, detail: object) {
    await this.audit.append(
      [
        {
          ts: this.now(),
          who: actor.subject ?? actor.name,
          role: actor.role,
          act,
          ip,
          target,
          outcome: 'ok',
          detail: JSON.stringify(detail),
        },
      ],
      electionId,
    );
  }

  /** How many areas of the election a unit has (areas of its province or commune only are looked at). */
  private async areasIn(electionId: string, u: ElectoralUnit): Promise<number> {
    const K = electionKeys(electionId);
    const communes = u.communeCode
      ? [u.communeCode]
      : await this.redis.lRange(K.kids(`province:${u.provinceCode}`), 0, -1);
    const ids = (await Promise.all(communes.map((c) => this.redis.lRange(K.kids(`commune:${c}`), 0, -1)))).flat();
    const field = u.contest === 'na' ? 'una' : u.contest === 'pc' ? 'upc' : 'ucc';
    const units = await Promise.all(ids.map((id) => this.redis.hGet(K.area(id), field)));
    return units.filter((x) => x === u.id).length;
  }

  async editArea(
    actor: Principal,
    electionId: string,
    areaId: string,
    patch: AreaPatch,
    ip: string,
  ): Promise<Result<{ area: PollingArea; warnings: Warning[] }>> {
    const election = await readElection(this.redis, electionId);
    if (!election) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    if (isReferenceLocked(election) && !patch.reason) return { ok: false, code: 'REASON_REQUIRED', field: 'reason' };
    const a = await readArea(this.redis, electionId, areaId);
    if (!a) return { ok: false, code: 'AREA_NOT_FOUND' };
    const next: PollingArea = {
      ...a,
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.address ? { address: patch.address } : {}),
      ...(patch.kind ? { kind: patch.kind } : {}),
      registered: { ...a.registered, ...patch.registered },
      units: { ...a.units, ...patch.units },
    };
    if (patch.location === null) {
      delete next.lat;
      delete next.lon;
    } else if (patch.location) Object.assign(next, patch.location);
    const hits = areaRuleHits(next);
    const error = hits.find((h) => h.severity === 'error');
    if (error) return { ok: false, code: 'REFERENCE_INVALID', field: `registered.${error.key}` };
    for (const c of Object.keys(patch.units ?? {}) as Contest[]) {
      if (next.units[c] === a.units[c]) continue;
      if (!election.contests.includes(c)) return { ok: false, code: 'INVALID_FIELD', field: `units.${c}` };
      const u = await readUnit(this.redis, electionId, next.units[c]);
      if (!u) return { ok: false, code: 'UNIT_NOT_FOUND', field: `units.${c}` };
      if (membershipProblem(a, c, u)) return { ok: false, code: 'REFERENCE_INVALID', field: `units.${c}` };
      // §1.2: the unit it leaves must keep at least one polling area.
      const old = await readUnit(this.redis, electionId, a.units[c]);
      if (old && (await this.areasIn(electionId, old)) <= 1)
        return { ok: false, code: 'REFERENCE_INVALID', field: `units.${c}` };
    }
    const changed = Object.fromEntries(
      (['name', 'address', 'kind', 'registered', 'units', 'lat', 'lon'] as const)
        .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(next[k]))
        .map((k) => [k, { from: a[k] ?? null, to: next[k] ?? null }]),
    );
    await this.record(actor, electionId, 'reference:area', ip, `area:${areaId}`, {
      changed,
      ...(patch.reason ? { reason: patch.reason } : {}),
      locked: isReferenceLocked(election),
    });
    const r = await this.store.writeArea(electionId, a, next, {
      who: actor.subject ?? actor.name,
      nowMs: this.now(),
      note: patch.reason ?? '',
    });
    if (r === 'AREA_COUNTED' || r === 'RETRY') return { ok: false, code: 'REFERENCE_INVALID', field: 'units' };
    if (r !== 'OK')
      return { ok: false, code: r, ...(r === 'VOTED_EXCEEDS_REGISTERED' ? { field: 'registered.na' } : {}) };
    this.elections.invalidate(electionId);
    // The public lookup shows names, addresses and units: this commune's snapshot is rebuilt.
    await bumpPublicVersion(this.redis, electionId, [`commune:${next.communeCode}`]);
    const say = (h: (typeof hits)[number]) =>
      (ISSUES[h.code] as (...a: unknown[]) => { vi: string; en: string })(...h.args);
    const warnings = hits.map((h) => ({ code: h.code, ...say(h) }));
    return { ok: true, data: { area: next, warnings } };
  }

  async recordPhoto(actor: Principal, electionId: string, candidateId: string, bytes: number, ip: string) {
    await this.record(actor, electionId, 'reference:photo', ip, `candidate:${candidateId}`, { bytes });
  }

  /** After a photo is stored: the public profiles of its unit show it (every commune the unit spans is rebuilt). */
  async photoStored(electionId: string, candidateId: string): Promise<void> {
    await bumpPublicVersion(this.redis, electionId, [`unit:${unitOfCandidate(candidateId)}`]);
  }

  /** Withdraws a candidate (reason and date kept on the record); warns when the unit falls below §2.3's margin. */
  async withdraw(
    actor: Principal,
    electionId: string,
    candidateId: string,
    input: z.infer<typeof withdrawSchema>,
    ip: string,
  ): Promise<Result<{ candidate: Candidate; warnings: Warning[] }>> {
    const election = await readElection(this.redis, electionId);
    if (!election) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    const unit = await readUnit(this.redis, electionId, unitOfCandidate(candidateId));
    if (!unit) return { ok: false, code: 'CANDIDATE_NOT_FOUND' };
    let problem: 'CANDIDATE_NOT_FOUND' | 'ALREADY_WITHDRAWN' | null = null;
    const by = actor.subject ?? actor.name;
    const before = (await readCandidates(this.redis, electionId, unit.id)).find((c) => c.id === candidateId);
    if (!before) return { ok: false, code: 'CANDIDATE_NOT_FOUND' };
    if (before.withdrawal) return { ok: false, code: 'ALREADY_WITHDRAWN' };
    await this.record(actor, electionId, 'reference:withdraw', ip, `candidate:${candidateId}`, {
      reason: input.reason,
      date: input.date,
      locked: isReferenceLocked(election),
    });
    const list = await this.store.updateCandidates(electionId, unit.id, (l) => {
      const c = l.find((x) => x.id === candidateId);
      problem = !c ? 'CANDIDATE_NOT_FOUND' : c.withdrawal ? 'ALREADY_WITHDRAWN' : null;
      if (problem) return null;
      const withdrawal = { reason: input.reason, date: input.date, by, at: new Date(this.now()).toISOString() };
      return l.map((x) => (x.id === candidateId ? { ...x, withdrawal } : x));
    });
    if (!list) return { ok: false, code: problem ?? 'CANDIDATE_NOT_FOUND' };
    // A withdrawn candidate leaves the public lookup: every commune the unit spans is rebuilt.
    await bumpPublicVersion(this.redis, electionId, [`unit:${unit.id}`]);
    const standing = list.filter((c) => !c.withdrawal).length;
    const min = minCandidates(unit.contest, unit.seats);
    const warnings: Warning[] =
      standing < min ? [{ code: 'TOO_FEW_CANDIDATES', ...ISSUES.TOO_FEW_CANDIDATES(unit.seats, min, standing) }] : [];
    return { ok: true, data: { candidate: list.find((c) => c.id === candidateId)!, warnings } };
  }
}
