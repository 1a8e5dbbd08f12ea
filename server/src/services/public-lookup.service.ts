import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { PublicCommune, PublicCommuneIndex, PublicUnitResult } from '@ecc/shared';
import type { Redis } from '../store/redis.js';
import type { PublicSnapshotStore, PublicVersion } from '../store/public-snapshot.store.js';
import { listElections } from '../store/reference.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';

const gzip = promisify(gzipCb);

/** A snapshot ready to send: JSON bytes, their gzip, and an ETag. Built once, served many times. */
export interface CachedBody {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * Confirmed results of some units (counting, issue 5); null when there are none. `version` is the counting results
 * counter the snapshot is built at: an answer cached for another version must not be reused.
 */
export type ResultsSource = (
  electionId: string,
  unitIds: string[],
  version: string,
) => Promise<Record<string, PublicUnitResult> | null>;

/** What a snapshot key ('index' or a commune code) holds: a body, or null (a commune without polling areas). */
type Snapshot = CachedBody | null;

/** Everything one instance keeps of one election's public content. */
interface ElectionState {
  version: PublicVersion;
  /** The newest public change entry this instance has applied. */
  changeId: string;
  /** When the results counter was last followed (it is followed at most every resultsRefreshMs). */
  resultsAt: number;
  /** Commune codes of the election: made-up codes are answered from memory and never cached. */
  communes: Set<string>;
  ready: Map<string, Snapshot>;
  building: Map<string, Promise<Snapshot>>;
  /** The communes each unit's candidates and results appear in (of the snapshots built so far). */
  unitCommunes: Map<string, Set<string>>;
  /** What each unit's public result is in the snapshots built (JSON, '' when none), at `version.results`. */
  shownResults: Map<string, string>;
  /** Snapshot keys to rebuild in the background (their old bytes are served meanwhile). */
  dirty: Set<string>;
  /** Moves whenever a change was followed: a build that saw it move may hold older data, and is redone. */
  generation: number;
}

/** Results log entries read per round trip when following counting. */
const RESULTS_PAGE = 2000;
/** Units whose results are re-read at once when counting moved. */
const UNIT_BATCH = 50;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

function hashOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url').slice(0, 20)}"`;
}

const publicElection = (ctx: ElectionContext) => {
  const { id, name, date, windowOpen, windowClose } = ctx.election;
  return { id, name, date, windowOpen, windowClose };
};

/**
 * The public lookup's read-only snapshots: one per commune and one commune index per election, built from Redis
 * on first request and then served from memory (`peek` is synchronous: no Redis, no promise per request).
 *
 * A snapshot is rebuilt when, and only when, what it shows changed: every `refreshMs` one read per election
 * compares the reference load marker, the public version (bumped with the scopes an edit touched: a commune, a
 * unit, or all) and, at most every `resultsRefreshMs`, the counting results counter (only units whose confirmed
 * result changed make their communes dirty). Dirty snapshots are rebuilt in the background one at a time,
 * yielding to the event loop between them, while the old bytes are served; a rebuild whose content is unchanged
 * keeps the old bytes and ETag, so browsers' conditional requests keep getting 304.
 */
export class PublicLookupService {
  private states = new Map<string, ElectionState>();
  private starting = new Map<string, Promise<ElectionState | null>>();
  /** Elections that exist (null until first read): requests for others are answered 404 from memory. */
  private known: Set<string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  /** Snapshots built since start (tests and benchmarks read it: a rebuild must have a reason). */
  builds = 0;

  constructor(
    private store: PublicSnapshotStore,
    private elections: ElectionsService,
    private redis: Redis,
    private refreshMs: number,
    private results: ResultsSource | null = null,
    private resultsRefreshMs = 60_000,
    private now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * What can be answered without waiting: the snapshot, null when there is none (no such election or commune,
   * or a commune without polling areas), undefined when it must be built first (`load`).
   */
  peek(election: string, what: string): Snapshot | undefined {
    const s = this.states.get(election);
    if (!s) return this.known && !this.known.has(election) ? null : undefined;
    if (what !== 'index' && !s.communes.has(what)) return null;
    return s.ready.get(what);
  }

  /** The snapshot, built now if it is not yet (one build however many requests wait for it). */
  async load(election: string, what: string): Promise<Snapshot> {
    const seen = this.peek(election, what);
    if (seen !== undefined) return seen;
    const s = await this.state(election);
    if (!s || (what !== 'index' && !s.communes.has(what))) return null;
    if (s.ready.has(what)) return s.ready.get(what)!;
    let p = s.building.get(what);
    if (!p) {
      p = this.build(election, s, what);
      s.building.set(what, p);
      p.then(
        (b) => {
          if (s.building.get(what) === p) {
            s.building.delete(what);
            s.ready.set(what, b);
          }
        },
        () => s.building.delete(what),
      );
    }
    return p;
  }

  communeIndex(election: string): Promise<Snapshot> {
    return this.load(election, 'index');
  }

  commune(election: string, code: string): Promise<Snapshot> {
    return this.load(election, code);
  }

  /** Follows every cached election's changes and rebuilds what they touched; one pass at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshAll().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshAll(): Promise<void> {
    this.known = new Set((await listElections(this.redis)).map((e) => e.id));
    for (const [e, s] of this.states) {
      if (!this.known.has(e)) {
        this.states.delete(e);
        continue;
      }
      await this.follow(e, s);
      await this.rebuildDirty(e, s);
    }
  }

  /** Marks dirty what moved since this instance last looked. */
  private async follow(election: string, s: ElectionState): Promise<void> {
    const v = await this.store.version(election);
    if (v.loaded !== s.version.loaded || v.pubver !== s.version.pubver || v.results !== s.version.results)
      s.generation++;
    if (v.loaded !== s.version.loaded) {
      // A new import: names, communes and units may all have changed.
      this.elections.invalidate(election);
      const ctx = await this.elections.get(election);
      s.communes = new Set(ctx?.communes.keys() ?? []);
      for (const k of s.ready.keys()) if (k !== 'index' && !s.communes.has(k)) s.ready.delete(k);
      this.markAll(s);
      s.version = { ...s.version, loaded: v.loaded, pubver: v.pubver };
      s.changeId = await this.store.lastChangeId(election);
    } else if (v.pubver !== s.version.pubver) {
      const seen = await this.store.changesSince(election, s.changeId, Math.max(1, v.pubver - s.version.pubver));
      // A counter moved without its entries (trimmed, or bumped by hand): everything may have changed.
      if (seen.scopes.length !== v.pubver - s.version.pubver) this.markAll(s);
      for (const scope of seen.scopes.flat()) this.markScope(election, s, scope);
      s.version = { ...s.version, pubver: v.pubver };
      s.changeId = seen.lastId;
    }
    if (v.results !== s.version.results && this.now() - s.resultsAt >= this.resultsRefreshMs) {
      await this.followResults(election, s, v.results);
    }
  }

  private markAll(s: ElectionState): void {
    for (const k of s.ready.keys()) s.dirty.add(k);
  }

  private markScope(election: string, s: ElectionState, scope: string): void {
    if (scope === 'all') {
      this.elections.invalidate(election);
      return this.markAll(s);
    }
    if (scope.startsWith('commune:')) {
      const code = scope.slice(8);
      if (s.ready.has(code)) s.dirty.add(code);
    } else if (scope.startsWith('unit:')) for (const c of s.unitCommunes.get(scope.slice(5)) ?? []) s.dirty.add(c);
  }

  /**
   * Counting moved: re-reads the results of the units whose records changed (only those shown in a snapshot) and
   * marks dirty the communes of the units whose public result is now different. Records are confirmed by the
   * thousand on election night, so this runs at most every `resultsRefreshMs`, in pages, yielding between them.
   */
  private async followResults(election: string, s: ElectionState, to: number): Promise<void> {
    const label = String(to);
    const touched = new Set<string>();
    for (let since = s.version.results; since < to;) {
      const page = await this.store.resultUnitsBetween(election, since, to, RESULTS_PAGE);
      // Entries trimmed before this instance read them: every unit shown is checked again.
      if (page.gap) for (const u of s.unitCommunes.keys()) touched.add(u);
      for (const u of page.units) if (s.unitCommunes.has(u)) touched.add(u);
      since = page.upTo;
      await yieldToLoop();
    }
    s.version = { ...s.version, results: to };
    s.resultsAt = this.now();
    if (!this.results) return;
    const units = [...touched];
    for (let i = 0; i < units.length; i += UNIT_BATCH) {
      const batch = units.slice(i, i + UNIT_BATCH);
      const shown = (await this.results(election, batch, label)) ?? {};
      for (const u of batch) {
        const now = shown[u] ? JSON.stringify(shown[u]) : '';
        if (now !== (s.shownResults.get(u) ?? '')) for (const c of s.unitCommunes.get(u) ?? []) s.dirty.add(c);
      }
      await yieldToLoop();
    }
  }

  /** Rebuilds the dirty snapshots one by one, yielding between them; the old bytes are served meanwhile. */
  private async rebuildDirty(election: string, s: ElectionState): Promise<void> {
    for (const what of [...s.dirty]) {
      s.dirty.delete(what);
      if (!s.ready.has(what)) continue;
      try {
        const b = await this.build(election, s, what);
        const old = s.ready.get(what);
        if (!b || !old || b.etag !== old.etag) s.ready.set(what, b);
      } catch {
        s.dirty.add(what); // Redis away: tried again on the next pass
        return;
      }
      await yieldToLoop();
    }
  }

  /** The election's state, created on its first request (one read of its versions). */
  private state(election: string): Promise<ElectionState | null> {
    const s = this.states.get(election);
    if (s) return Promise.resolve(s);
    let p = this.starting.get(election);
    if (!p) {
      p = this.createState(election).finally(() => this.starting.delete(election));
      this.starting.set(election, p);
    }
    return p;
  }

  private async createState(election: string): Promise<ElectionState | null> {
    if (!this.known?.has(election)) this.known = new Set((await listElections(this.redis)).map((e) => e.id));
    if (!this.known.has(election)) return null;
    const [version, changeId, ctx] = await Promise.all([
      this.store.version(election),
      this.store.lastChangeId(election),
      this.elections.get(election),
    ]);
    if (!ctx) return null;
    const s: ElectionState = {
      version,
      changeId,
      resultsAt: this.now(),
      communes: new Set(ctx.communes.keys()),
      ready: new Map(),
      building: new Map(),
      unitCommunes: new Map(),
      shownResults: new Map(),
      dirty: new Set(),
      generation: 0,
    };
    this.states.set(election, s);
    return s;
  }

  private async build(election: string, s: ElectionState, what: string): Promise<Snapshot> {
    const generation = s.generation;
    const ctx = await this.elections.get(election);
    if (!ctx) return null;
    const body =
      what === 'index' ? await this.indexBody(election, ctx) : await this.communeBody(election, s, ctx, what);
    if (s.generation !== generation) s.dirty.add(what);
    if (!body) return null;
    this.builds++;
    // The ETag covers the content, not the build time: a rebuild that changed nothing keeps it.
    const { builtAt, ...content } = body as { builtAt?: string };
    const etag = hashOf(JSON.stringify(content));
    const json = Buffer.from(JSON.stringify(builtAt === undefined ? content : { ...content, builtAt }));
    // gzip runs on libuv's thread pool, not on the event loop that serves reports.
    return { json, gzip: await gzip(json, { level: 6 }), etag };
  }

  private async indexBody(election: string, ctx: ElectionContext): Promise<PublicCommuneIndex> {
    const codes = await this.store.communeCodes(election);
    return {
      election: publicElection(ctx),
      communes: codes.map((code) => {
        const c = ctx.communes.get(code);
        return [code, c?.fullName ?? code, ctx.provinces.get(c?.provinceCode ?? '')?.fullName ?? ''];
      }),
    };
  }

  private async communeBody(
    election: string,
    s: ElectionState,
    ctx: ElectionContext,
    code: string,
  ): Promise<PublicCommune | null> {
    const commune = ctx.communes.get(code);
    const province = commune && ctx.provinces.get(commune.provinceCode);
    if (!commune || !province) return null;
    const label = String(s.version.results);
    const areas = await this.store.areas(election, code, ctx.election.date);
    if (areas.length === 0) return null;
    const units = await this.store.units(
      election,
      areas.flatMap((a) => [a.units.na, a.units.pc, a.units.cc]),
    );
    for (const u of Object.keys(units)) {
      let set = s.unitCommunes.get(u);
      if (!set) s.unitCommunes.set(u, (set = new Set()));
      set.add(code);
    }
    const results = this.results ? await this.results(election, Object.keys(units), label) : null;
    // Results read at an older label than the state's are redone (the generation moved): keep what is shown.
    if (label === String(s.version.results))
      for (const u of Object.keys(units)) s.shownResults.set(u, results?.[u] ? JSON.stringify(results[u]) : '');
    return {
      election: publicElection(ctx),
      commune: { code, name: commune.name, fullName: commune.fullName },
      province: { code: province.code, name: province.name, fullName: province.fullName },
      areas,
      units,
      results,
      builtAt: new Date(this.now()).toISOString(),
    };
  }
}
