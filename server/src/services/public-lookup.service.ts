import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { PublicCommune, PublicCommuneIndex, PublicUnitResult } from '@ecc/shared';
import type { Redis } from '../store/redis.js';
import type { PublicSnapshotStore } from '../store/public-snapshot.store.js';
import { listElections } from '../store/reference.store.js';
import type { ElectionContext, ElectionsService } from './elections.service.js';

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

function encode(body: unknown): CachedBody {
  const json = Buffer.from(JSON.stringify(body));
  return {
    json,
    gzip: gzipSync(json, { level: 6 }),
    etag: `"${createHash('sha1').update(json).digest('base64url').slice(0, 20)}"`,
  };
}

const publicElection = (ctx: ElectionContext) => {
  const { id, name, date, windowOpen, windowClose } = ctx.election;
  return { id, name, date, windowOpen, windowClose };
};

/**
 * The public lookup's read-only snapshots: one per commune and one commune index per election, built from Redis
 * on first request and then served from memory, so public traffic costs Redis nothing. Every `refreshMs` one
 * read per cached election compares its public version (load marker + pubver); on a change its snapshots are
 * dropped and rebuilt on the next request. Unknown elections and communes are answered from memory too.
 */
export class PublicLookupService {
  private entries = new Map<string, Promise<CachedBody | null>>();
  private versions = new Map<string, { base: string; results: string; at: number }>();
  private known = new Set<string>();
  private knownAt = 0;
  private timer: NodeJS.Timeout | null = null;

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
   * Drops the snapshots of every election whose public version moved; when only counting moved, at most once per
   * `resultsRefreshMs` (records are confirmed by the thousand on election night: one rebuild a minute is enough).
   */
  async refresh(): Promise<void> {
    await this.refreshKnown(true);
    for (const [e, v] of this.versions) {
      const now = await this.store.version(e);
      if (now.base !== v.base) this.drop(e, now);
      else if (now.results !== v.results && this.now() - v.at >= this.resultsRefreshMs) this.drop(e, now);
    }
  }

  private drop(election: string, version: { base: string; results: string }): void {
    this.versions.set(election, { ...version, at: this.now() });
    this.elections.invalidate(election);
    for (const k of this.entries.keys()) if (k.startsWith(`${election}|`)) this.entries.delete(k);
  }

  private async refreshKnown(force = false): Promise<void> {
    if (!force && this.now() - this.knownAt < this.refreshMs) return;
    this.known = new Set((await listElections(this.redis)).map((e) => e.id));
    this.knownAt = this.now();
  }

  async communeIndex(election: string): Promise<CachedBody | null> {
    return this.cached(election, 'index', async (ctx) => {
      const codes = await this.store.communeCodes(election);
      const body: PublicCommuneIndex = {
        election: publicElection(ctx),
        communes: codes.map((code) => {
          const c = ctx.communes.get(code);
          return [code, c?.fullName ?? code, ctx.provinces.get(c?.provinceCode ?? '')?.fullName ?? ''];
        }),
      };
      return body;
    });
  }

  async commune(election: string, code: string): Promise<CachedBody | null> {
    // Codes that name no commune are answered from memory and never cached (no growth from made-up codes).
    await this.refreshKnown();
    if (!this.known.has(election) || !(await this.elections.get(election))?.communes.has(code)) return null;
    return this.cached(election, code, async (ctx) => {
      const commune = ctx.communes.get(code);
      const province = commune && ctx.provinces.get(commune.provinceCode);
      if (!commune || !province) return null;
      const areas = await this.store.areas(election, code, ctx.election.date);
      if (areas.length === 0) return null;
      const units = await this.store.units(
        election,
        areas.flatMap((a) => [a.units.na, a.units.pc, a.units.cc]),
      );
      const body: PublicCommune = {
        election: publicElection(ctx),
        commune: { code, name: commune.name, fullName: commune.fullName },
        province: { code: province.code, name: province.name, fullName: province.fullName },
        areas,
        units,
        results: this.results
          ? await this.results(election, Object.keys(units), this.versions.get(election)?.results ?? '')
          : null,
        builtAt: new Date(this.now()).toISOString(),
      };
      return body;
    });
  }

  private async cached(
    election: string,
    what: string,
    build: (ctx: ElectionContext) => Promise<unknown>,
  ): Promise<CachedBody | null> {
    const key = `${election}|${what}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    await this.refreshKnown();
    if (!this.known.has(election)) return null;
    if (!this.versions.has(election))
      this.versions.set(election, { ...(await this.store.version(election)), at: this.now() });
    const version = this.versions.get(election);
    const p = (async () => {
      const ctx = await this.elections.get(election);
      if (!ctx) return null;
      const body = await build(ctx);
      return body === null ? null : encode(body);
    })();
    // One build per snapshot however many requests wait for it; a failed build is forgotten.
    this.entries.set(key, p);
    p.then(
      () => {
        if (this.versions.get(election) !== version) this.entries.delete(key);
      },
      () => this.entries.delete(key),
    );
    return p;
  }
}
