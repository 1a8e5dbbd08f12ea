import type { Contest } from '@ecc/shared';
import { CONTESTS, decideUnit, percent2, sharesSummingTo100, toVnIso } from '@ecc/shared';
import type { AreaRow, ProvinceRow, UnitRow } from '../export/results-tables.js';
import type { UnitRecordData } from '../export/unit-record-pdf.js';
import type { CountingStore } from '../store/counting.store.js';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { ScopesStore } from '../store/scopes.store.js';
import type { UnitReferenceReader } from '../store/unit-reference.js';
import type { ElectionsService } from './elections.service.js';
import type { ResultsService } from './results.service.js';

export type Layer = 'provisional' | 'confirmed';

const CONTEST_LABEL: Record<Contest, string> = {
  na: 'Bầu cử đại biểu Quốc hội',
  pc: 'Bầu cử đại biểu Hội đồng nhân dân cấp tỉnh',
  cc: 'Bầu cử đại biểu Hội đồng nhân dân cấp xã',
};
const pct = (x: number) => `${x.toFixed(2).replace('.', ',')} %`;

/**
 * Gathers results for the exports: rows by polling area, unit and province (the same numbers the screens show,
 * provisional or confirmed-only), and the data of the Election Board's unit result record (§2.9).
 */
export class ResultsExportService {
  constructor(
    private redis: Redis,
    private store: CountingStore,
    private scopes: ScopesStore,
    private units: UnitReferenceReader,
    private elections: ElectionsService,
    private results: ResultsService,
    private now: () => number = Date.now,
  ) {}

  private async provincesOf(electionId: string, scope: string): Promise<string[]> {
    return scope === 'nation' ? this.scopes.childIds(electionId, 'nation') : [scope.slice(9)];
  }

  async areaRows(electionId: string, scope: string, contests: readonly Contest[]): Promise<AreaRow[]> {
    const out: AreaRow[] = [];
    const K = electionKeys(electionId);
    for (const province of await this.provincesOf(electionId, scope)) {
      for (const commune of await this.scopes.childIds(electionId, `province:${province}`)) {
        const ids = await this.scopes.childIds(electionId, `commune:${commune}`);
        const [facts, units] = await Promise.all([
          this.scopes.areaFacts(electionId, ids),
          Promise.all(ids.map((id) => this.redis.hmGet(K.area(id), ['una', 'upc', 'ucc']))),
        ]);
        for (const contest of contests) {
          const recs = await this.store.records(electionId, ids, contest);
          ids.forEach((id, i) => {
            const r = recs[i];
            const counted = r && (r.state === 'submitted' || r.state === 'confirmed');
            out.push({
              province,
              commune,
              areaId: id,
              areaName: facts[i]?.name ?? id,
              contest,
              unitId: units[i]?.[CONTESTS.indexOf(contest)] ?? '',
              state: r?.state ?? 'not-started',
              version: r?.version ?? 0,
              numbers: counted ? r.numbers : null,
              flags: r?.flags ?? [],
            });
          });
        }
      }
    }
    return out;
  }

  async unitRows(electionId: string, scope: string, contests: readonly Contest[], layer: Layer): Promise<UnitRow[]> {
    const ctx = await this.elections.get(electionId);
    const provinces = new Set(await this.provincesOf(electionId, scope));
    const out: UnitRow[] = [];
    for (const contest of contests) {
      const ids = (await this.redis.hKeys(electionKeys(electionId).units(contest))).sort((a, b) =>
        a.localeCompare(b, 'en', { numeric: true }),
      );
      for (const id of ids) {
        const ref = await this.units.get(electionId, id);
        if (!ref || !provinces.has(ref.unit.provinceCode)) continue;
        const [f, votes] = await Promise.all([
          this.store.totals(electionId, contest, `unit:${id}`),
          this.store.unitVotes(electionId, contest, id),
        ]);
        if (!f) continue;
        const c = layer === 'confirmed';
        const v = c ? votes.confirmed : votes.provisional;
        const t = c
          ? { voters: f.cvoters, voted: f.cvoted, received: f.creceived, valid: f.cvalid, invalid: f.cinvalid }
          : { voters: f.voters, voted: f.voted, received: f.received, valid: f.valid, invalid: f.invalid };
        const o = decideUnit({
          contest,
          seats: ref.unit.seats,
          listed: t.voters,
          voted: t.voted,
          received: t.received,
          valid: t.valid,
          invalid: t.invalid,
          isRevote: ctx?.election.kind === 're-vote',
          candidates: ref.candidates.map((x) => ({ id: x.id, votes: v[x.id] ?? 0, birthDate: x.birthDate })),
        });
        const name = new Map(ref.candidates.map((x) => [x.id, x.fullName]));
        out.push({
          province: ref.unit.provinceCode,
          unitId: id,
          unitName: ref.unit.name,
          contest,
          seats: ref.unit.seats,
          areas: f.areas,
          confirmed: f.confirmed,
          voters: t.voters,
          voted: t.voted,
          valid: t.valid,
          invalid: t.invalid,
          turnoutPct: o.turnoutShare,
          revote: o.revote,
          additionalVote: o.additionalVote,
          candidates: o.candidates.map((x) => ({
            id: x.id,
            name: name.get(x.id) ?? x.id,
            birthDate: x.birthDate,
            votes: x.votes,
            share: x.share,
            elected: x.elected,
          })),
        });
      }
    }
    return out;
  }

  async provinceRows(electionId: string, contests: readonly Contest[], layer: Layer): Promise<ProvinceRow[]> {
    const ctx = await this.elections.get(electionId);
    const out: ProvinceRow[] = [];
    for (const code of await this.scopes.childIds(electionId, 'nation')) {
      for (const contest of contests) {
        const f = await this.store.totals(electionId, contest, `province:${code}`);
        if (!f) continue;
        const c = layer === 'confirmed';
        const [voters, voted, valid, invalid] = c
          ? [f.cvoters, f.cvoted, f.cvalid, f.cinvalid]
          : [f.voters, f.voted, f.valid, f.invalid];
        out.push({
          province: code,
          name: ctx?.provinces.get(code)?.name ?? code,
          contest,
          areas: f.areas,
          submitted: f.submitted,
          confirmed: f.confirmed,
          voters,
          voted,
          valid,
          invalid,
          turnoutPct: percent2(voted, voters),
        });
      }
    }
    return out;
  }

  /** The unit result record from the confirmed records (marked provisional until every one is confirmed). */
  async unitRecord(electionId: string, unitId: string): Promise<UnitRecordData | null> {
    const [ctx, view] = await Promise.all([this.elections.get(electionId), this.results.unit(electionId, unitId)]);
    if (!ctx || !view) return null;
    const o = view.confirmed;
    const t = o.totals;
    const complaints = { received: 0, resolved: 0, forwarded: 0 };
    for (const a of view.areas.filter((x) => x.state === 'confirmed')) {
      const hist = await this.store.history(electionId, a.id, view.unit.contest);
      const last = [...hist].reverse().find((h) => h.record !== null)?.record as
        { complaints?: typeof complaints } | undefined;
      for (const k of ['received', 'resolved', 'forwarded'] as const) complaints[k] += last?.complaints?.[k] ?? 0;
    }
    const names = new Map(view.candidates.map((c) => [c.id, c.fullName]));
    const [validShare, invalidShare] = sharesSummingTo100([t.valid, t.invalid]) as [number, number];
    return {
      electionName: ctx.election.name,
      drill: ctx.election.kind === 'drill',
      contestLabel: CONTEST_LABEL[view.unit.contest],
      unitName: view.unit.name,
      provinceName: ctx.provinces.get(view.unit.provinceCode)?.fullName ?? view.unit.provinceCode,
      // (unit names usually end with their province: the PDF prints the province only when they do not)
      seats: view.unit.seats,
      confirmed: view.figures.confirmed,
      areas: view.figures.areas,
      listed: t.voters,
      voted: t.voted,
      issued: t.issued,
      received: t.received,
      valid: t.valid,
      invalid: t.invalid,
      turnoutPct: pct(o.turnoutShare),
      validPct: pct(validShare),
      invalidPct: pct(invalidShare),
      candidates: o.candidates.map((c) => ({
        name: names.get(c.id) ?? c.id,
        birthDate: c.birthDate.split('-').reverse().join('/'),
        votes: c.votes,
        sharePct: pct(c.share),
        elected: c.elected,
      })),
      elected: o.elected.map((id) => names.get(id) ?? id),
      revote: o.revote,
      additionalVote: o.additionalVote,
      unfilled: o.unfilled,
      tieNote: o.tieDecidedByAge
        ? 'Bằng số phiếu ở ghế cuối cùng: người nhiều tuổi hơn trúng cử.'
        : o.tieUnresolved.length
          ? 'Bằng số phiếu và cùng ngày sinh ở ghế cuối cùng: chưa xác định được người trúng cử.'
          : null,
      complaints,
      printedAt: toVnIso(this.now()).slice(0, 16).replace('T', ' '),
    };
  }
}
