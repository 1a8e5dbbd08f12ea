import type { ChildFigures, Contest, Figures, ScopeKind, ScopeUpdate, Totals } from '@ecc/shared';
import { childKind, figuresFromArray, scopeCode, scopeKind } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import { decodeLogEntry } from './update-codec.js';
import type { ScriptTimer } from './scripts.js';

/** The aggregate hash's field names, in FIGURE_FIELDS order (the Lua scripts use the same short names). */
export const AGG_HASH_FIELDS = [
  'reg',
  'regcc',
  'voted',
  'areas',
  'rep',
  'full',
  'com',
  'comfull',
  'last',
  'seq',
] as const;

/** A scope's stored totals (its figures without the sequence number), as the ingest script left them. */
export async function readTotals(redis: Redis, electionId: string, scope: string): Promise<Totals> {
  const v = await redis.hmGet(electionKeys(electionId).agg(scope), [...AGG_HASH_FIELDS]);
  const f: Partial<Figures> = figuresFromArray(v.map((x) => Number(x ?? 0)));
  delete f.seq;
  return f as Totals;
}

export interface RawSnapshot {
  figures: Figures;
  children: ChildFigures;
}

export interface SeriesPoint {
  t: number;
  voted: number;
  registered: number;
  reporting: number;
  full: number;
}

/** Reads of aggregates, logs and series. Writes happen only in the ingest script. */
export class ScopesStore {
  private snapshotScript: Script;
  private sinceScript: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.snapshotScript = new Script(redis, 'snapshot', timer);
    this.sinceScript = new Script(redis, 'turnout-since', timer);
  }

  async load(): Promise<void> {
    await Promise.all([this.snapshotScript.load(), this.sinceScript.load()]);
  }

  async snapshot(electionId: string, scope: string): Promise<RawSnapshot | null> {
    const kind = scopeKind(scope);
    const raw = await this.snapshotScript.run([], [electionKeys(electionId).prefix, scope, childKind(kind) ?? '']);
    const r = JSON.parse(String(raw)) as { found: boolean; f?: number[]; k?: [string, number[]][] | object };
    if (!r.found || !r.f) return null;
    const children: ChildFigures = {};
    if (Array.isArray(r.k)) for (const [id, f] of r.k) children[id] = figuresFromArray(f);
    return { figures: figuresFromArray(r.f), children };
  }

  /** Current sequence numbers of several scopes in one round trip (heartbeats). */
  async seqs(electionId: string, scopes: string[]): Promise<number[]> {
    const K = electionKeys(electionId);
    // Counting scopes (`count:{contest}:{scope}`) keep their sequence in their totals hash.
    const key = (s: string) =>
      s.startsWith('count:')
        ? K.countTotals(s.slice(6, 8), s.slice(9))
        : scopeKind(s) === 'area'
          ? K.area(scopeCode(s))
          : K.agg(s);
    const vals = await Promise.all(scopes.map((s) => this.redis.hGet(key(s), 'seq')));
    return vals.map((v) => Number(v ?? -1));
  }

  /**
   * What a client missed since `lastSeq`, merged into one update (the scope's figures and every changed child's, as
   * of the last logged change: one read script, turnout-since.lua), or null when the log no longer reaches back
   * that far (trimmed) or holds more than `max` entries: the caller then sends a snapshot.
   */
  async since(electionId: string, scope: string, lastSeq: number, max: number): Promise<ScopeUpdate | null> {
    const raw = await this.sinceScript.run([], [electionKeys(electionId).prefix, scope, String(lastSeq), String(max)]);
    return typeof raw === 'string' ? decodeLogEntry(scope, raw) : null;
  }

  async series(electionId: string, scope: string): Promise<SeriesPoint[]> {
    const raw = await this.redis.hGetAll(electionKeys(electionId).series(scope));
    return Object.entries(raw)
      .map(([t, v]) => {
        const [voted, registered, reporting, full] = v.split(',').map(Number);
        return { t: Number(t), voted: voted!, registered: registered!, reporting: reporting!, full: full! };
      })
      .sort((a, b) => a.t - b.t);
  }

  /** Areas whose last report is older than `before` (never-reported areas score 0; areas at 100 % score +inf). */
  async areasLastReportedBefore(electionId: string, before: number): Promise<{ id: string; lastAt: number }[]> {
    const r = await this.redis.zRangeByScoreWithScores(electionKeys(electionId).lastReport, '-inf', `(${before}`);
    return r.map((x) => ({ id: x.value, lastAt: x.score }));
  }

  async areasAtFull(electionId: string): Promise<string[]> {
    return this.redis.zRangeByScore(electionKeys(electionId).lastReport, '+inf', '+inf');
  }

  async areaFacts(electionId: string, ids: string[]) {
    const K = electionKeys(electionId);
    const rows = await Promise.all(
      ids.map((id) => this.redis.hmGet(K.area(id), ['voted', 'reg', 'last', 'name', 'date', 'full'])),
    );
    return rows.map((r, i) => ({
      id: ids[i]!,
      voted: Number(r[0] ?? 0),
      registered: Number(r[1] ?? 0),
      lastAt: Number(r[2] ?? 0),
      name: r[3] ?? '',
      votingDate: r[4] ?? '',
      full: r[5] === '1',
    }));
  }

  async unitTurnout(electionId: string, contest: Contest) {
    const K = electionKeys(electionId);
    const [voted, registered, meta] = await Promise.all([
      this.redis.hGetAll(K.unitVoted(contest)),
      this.redis.hGetAll(K.unitRegistered(contest)),
      this.redis.hGetAll(K.units(contest)),
    ]);
    return Object.entries(registered).map(([id, reg]) => {
      const m = JSON.parse(meta[id] ?? '{}') as { name?: string; provinceCode?: string; communeCode?: string };
      return {
        id,
        name: m.name ?? id,
        provinceCode: m.provinceCode ?? '',
        communeCode: m.communeCode,
        registered: Number(reg),
        voted: Number(voted[id] ?? 0),
      };
    });
  }

  async childIds(electionId: string, scope: string): Promise<string[]> {
    return this.redis.lRange(electionKeys(electionId).kids(scope), 0, -1);
  }

  async metaMap(electionId: string, kind: Extract<ScopeKind, 'province' | 'commune'>): Promise<Map<string, unknown>> {
    const K = electionKeys(electionId);
    const raw = await this.redis.hGetAll(kind === 'province' ? K.provinces : K.communes);
    return new Map(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as unknown]));
  }

  async earlyAreas(electionId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hGetAll(electionKeys(electionId).early)));
  }
}
