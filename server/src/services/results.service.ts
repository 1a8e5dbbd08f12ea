import type { Contest, CountFigures, CountingSnapshot } from '@ecc/shared';
import {
  areaAnomalies,
  decideUnit,
  parseCountingScope,
  pollsClosedAt,
  scopeKind,
  sharesSummingTo100,
  toVnIso,
  unitAnomalies,
} from '@ecc/shared';
import { areaCountFigures } from '../store/counting.store.js';
import type { CountingStore, RecordState } from '../store/counting.store.js';
import type { ScopesStore } from '../store/scopes.store.js';
import type { UnitReferenceReader } from '../store/unit-reference.js';
import type { ElectionsService } from './elections.service.js';

/** The numbers of a tally layer (provisional: submitted + confirmed records; confirmed: confirmed only). */
function layer(f: CountFigures, confirmed: boolean) {
  return confirmed
    ? {
        voters: f.cvoters,
        voted: f.cvoted,
        issued: f.cissued,
        received: f.creceived,
        valid: f.cvalid,
        invalid: f.cinvalid,
      }
    : { voters: f.voters, voted: f.voted, issued: f.issued, received: f.received, valid: f.valid, invalid: f.invalid };
}

/**
 * Read side of counting: progress per scope and contest, one record with its versions, a unit's results with the
 * winners by §2.8 (provisional from every counted record, confirmed from the confirmed ones) and anomaly flags.
 */
export class ResultsService {
  constructor(
    private store: CountingStore,
    private scopes: ScopesStore,
    private units: UnitReferenceReader,
    private elections: ElectionsService,
    private now: () => number = Date.now,
  ) {}

  /** The children of a counting scope with their figures: provinces, communes, or polling areas (commune, unit). */
  private async childFigures(electionId: string, contest: Contest, scope: string) {
    const kind = scope.startsWith('unit:') ? 'unit' : scopeKind(scope as 'nation');
    const ids =
      kind === 'unit'
        ? await this.store.unitAreas(electionId, scope.slice(5))
        : await this.scopes.childIds(electionId, scope);
    if (kind === 'commune' || kind === 'unit') {
      const recs = await this.store.records(electionId, ids, contest);
      return { kind, ids, figures: recs.map((r) => areaCountFigures(r ?? null)) };
    }
    const prefix = kind === 'nation' ? 'province:' : 'commune:';
    const figs = await Promise.all(ids.map((id) => this.store.totals(electionId, contest, prefix + id)));
    return { kind, ids, figures: figs.map((f) => f ?? areaCountFigures(null)) };
  }

  /** A counting scope (`count:{contest}:{scope}`) as the live stream's snapshot. */
  async snapshot(electionId: string, countingScope: string): Promise<CountingSnapshot | null> {
    const c = parseCountingScope(countingScope);
    if (!c) return null;
    const figures = await this.store.totals(electionId, c.contest, c.inner);
    if (!figures) return null;
    const kids = await this.childFigures(electionId, c.contest, c.inner);
    const children: Record<string, CountFigures> = {};
    kids.ids.forEach((id, i) => (children[id] = kids.figures[i]!));
    return { scope: countingScope, seq: figures.seq, figures, children, serverTime: toVnIso(this.now()) };
  }

  /** A scope's counting progress for one contest, with each child's (provinces, communes or areas), named. */
  async progress(electionId: string, contest: Contest, scope: string) {
    const [ctx, figures] = await Promise.all([
      this.elections.get(electionId),
      this.store.totals(electionId, contest, scope),
    ]);
    if (!ctx || !figures) return null;
    const kids = await this.childFigures(electionId, contest, scope);
    const areaNames =
      kids.kind === 'commune' || kids.kind === 'unit'
        ? new Map((await this.scopes.areaFacts(electionId, kids.ids)).map((a) => [a.id, a.name]))
        : null;
    const name = (id: string) =>
      areaNames
        ? (areaNames.get(id) ?? id)
        : kids.kind === 'nation'
          ? (ctx.provinces.get(id)?.name ?? id)
          : (ctx.communes.get(id)?.name ?? id);
    const children = kids.ids.map((id, i) => ({ id, name: name(id), figures: kids.figures[i]! }));
    return { scope, contest, figures, children, serverTime: toVnIso(this.now()) };
  }

  /** One record: its current state and every version and decision, oldest first ("why did this number change"). */
  async record(electionId: string, areaId: string, contest: Contest) {
    const [state, history] = await Promise.all([
      this.store.record(electionId, areaId, contest),
      this.store.history(electionId, areaId, contest),
    ]);
    return {
      pollingAreaId: areaId,
      contest,
      state: state?.state ?? 'not-started',
      version: state?.version ?? 0,
      flags: state?.flags ?? [],
      history: history.map((e) => ({ ...e, receivedAt: toVnIso(e.receivedMs) })),
    };
  }

  /** A polling area for its team's entry form: its units, list sizes, when its polls close, its three records. */
  async area(electionId: string, areaId: string) {
    const ref = await this.store.areaReference(electionId, areaId);
    if (!ref) return null;
    const contests = ['na', 'pc', 'cc'] as const;
    const recs = await Promise.all(contests.map((c) => this.store.record(electionId, areaId, c)));
    return {
      pollingAreaId: areaId,
      name: ref.name,
      votingDate: ref.votingDate,
      pollsCloseAt: toVnIso(pollsClosedAt(ref.votingDate)),
      units: ref.units,
      registered: ref.registered,
      records: Object.fromEntries(
        contests.map((c, i) => [
          c,
          { state: recs[i]?.state ?? 'not-started', version: recs[i]?.version ?? 0, flags: recs[i]?.flags ?? [] },
        ]),
      ),
    };
  }

  /** A unit's results (§2.8, §2.9 fields) with its areas' progress and anomalies. */
  async unit(electionId: string, unitId: string) {
    const [ctx, ref] = await Promise.all([this.elections.get(electionId), this.units.get(electionId, unitId)]);
    if (!ctx || !ref) return null;
    const contest = ref.unit.contest;
    const [figures, votes, areaIds, provinceFigs] = await Promise.all([
      this.store.totals(electionId, contest, `unit:${unitId}`),
      this.store.unitVotes(electionId, contest, unitId),
      this.store.unitAreas(electionId, unitId),
      this.store.totals(electionId, contest, `province:${ref.unit.provinceCode}`),
    ]);
    if (!figures) return null;
    const [recs, facts] = await Promise.all([
      this.store.records(electionId, areaIds, contest),
      this.scopes.areaFacts(electionId, areaIds),
    ]);
    const isRevote = ctx.election.kind === 're-vote';
    const outcome = (confirmed: boolean) => {
      const l = layer(figures, confirmed);
      const v = confirmed ? votes.confirmed : votes.provisional;
      const o = decideUnit({
        contest,
        seats: ref.unit.seats,
        listed: l.voters,
        voted: l.voted,
        received: l.received,
        valid: l.valid,
        invalid: l.invalid,
        isRevote,
        candidates: ref.candidates.map((c) => ({ id: c.id, votes: v[c.id] ?? 0, birthDate: c.birthDate })),
      });
      return { totals: l, ...o, anomalies: unitAnomalies(o) };
    };
    const prov = provinceFigs ?? figures;
    const areas = areaIds.map((id, i) => {
      const r: RecordState | null = recs[i] ?? null;
      const n = r?.numbers ?? [];
      return {
        id,
        name: facts[i]?.name ?? id,
        state: r?.state ?? 'not-started',
        version: r?.version ?? 0,
        flags: r?.flags ?? [],
        anomalies:
          r && (r.state === 'submitted' || r.state === 'confirmed')
            ? areaAnomalies({ received: n[3] ?? 0, invalid: n[5] ?? 0, flags: r.flags }, prov)
            : [],
        numbers: r ? n : null,
        votes: r?.votes ?? null,
      };
    });
    return {
      unit: ref.unit,
      registered: ref.registered,
      candidates: ref.candidates,
      figures,
      complete: figures.confirmed === figures.areas,
      provisional: outcome(false),
      confirmed: outcome(true),
      ballotShares: sharesSummingTo100([figures.valid, figures.invalid]),
      areas,
      serverTime: toVnIso(this.now()),
    };
  }
}
