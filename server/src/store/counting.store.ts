import type { CountFigures, CountingState, ErrorCode } from '@ecc/shared';
import { COUNT_FIELDS, countFiguresFromArray, toVnIso } from '@ecc/shared';
import { decodeCountEntry, unpackCands } from './counting-codec.js';
import { decodeHistoryRecord } from './counting-history-codec.js';
import type { CountUpdate } from './counting-codec.js';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

/** Changes the media feed keeps by default (~10 MB; a national night makes ~650,000). */
export const FEED_MAXLEN = 50_000;

/** What the caller (the counting service) hands to the atomic step, already checked and authorised. */
export interface CountingWrite {
  electionId: string;
  op: 'progress' | 'submit' | 'decide';
  areaId: string;
  contest: string;
  idempotencyKey: string;
  bodyHash: string;
  nowMs: number;
  atMs: number;
  atIso: string;
  pollsCloseMs: number;
  maxFutureMs: number | null;
  logMaxLen: number;
  /** Entries the results log (media feed) keeps; older ones are dropped (FEED_TRIMMED tells a reader). */
  feedMaxLen?: number;
  who: string;
  role: string;
  ip: string;
  requestId: string;
  reason: string;
  version: number | null;
  /** decide: confirm | return */
  action?: string;
  /** submit: voters,voted,issued,received,valid,invalid */
  numbers?: readonly number[];
  votes?: readonly { candidateId: string; votes: number }[];
  flags?: readonly string[];
  recordJson?: string;
}

export type CountingWriteResult =
  | { ok: true; replayed: boolean; version: number; state: CountingState; receivedMs: number; flags: string[] }
  | { ok: false; status: number; code: ErrorCode; detail?: Record<string, unknown> };

/** A record's current state as the script keeps it (`crec:{area}:{contest}`). */
export interface RecordState {
  state: CountingState;
  version: number;
  numbers: number[];
  votes: Record<string, number>;
  flags: string[];
  atMs: number;
  seq: number;
  reopened: boolean;
}

/** One line of a record's history: a submission (with its full record) or a decision. */
export interface RecordEvent {
  act: string;
  version: number;
  receivedMs: number;
  by: string;
  role: string;
  at: string;
  flags: string[];
  record: unknown;
  reason: string;
}

export interface FeedEntry {
  seq: number;
  pollingAreaId: string;
  contest: string;
  unitId: string;
  state: string;
  version: number;
  at: string;
  receivedAt: string;
  /** What the record now counts (null when it counts for nothing: returned, or counting under way). */
  counted: {
    voters: number;
    voted: number;
    issued: number;
    received: number;
    valid: number;
    invalid: number;
    votes: Record<string, number>;
  } | null;
  flags: string[];
}

function countedOf(n: number[], votes: Record<string, number>) {
  const [voters = 0, voted = 0, issued = 0, received = 0, valid = 0, invalid = 0] = n;
  return { voters, voted, issued, received, valid, invalid, votes };
}

const list = (s: string | undefined | null) => (s ? s.split(',').filter(Boolean) : []);

export function parseVotes(s: string | undefined | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kv of (s ?? '').split(';')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = Number(kv.slice(i + 1));
  }
  return out;
}

/** A record's figures as a child of its unit or commune, in COUNT_FIELDS order (the script builds the same). */
export function areaCountFigures(r: RecordState | null): CountFigures {
  const v = new Array<number>(COUNT_FIELDS.length).fill(0);
  v[0] = 1;
  if (!r) return countFiguresFromArray(v);
  const at = { counting: 1, submitted: 2, confirmed: 3, returned: 4 } as Record<string, number>;
  if (at[r.state] !== undefined) v[at[r.state]!] = 1;
  const counted = r.state === 'submitted' || r.state === 'confirmed';
  if (counted && r.flags.length > 0) v[5] = 1;
  for (let i = 0; i < 6; i++) {
    if (counted) v[6 + i] = r.numbers[i] ?? 0;
    if (r.state === 'confirmed') v[12 + i] = r.numbers[i] ?? 0;
  }
  v[18] = r.atMs;
  v[19] = r.seq;
  return countFiguresFromArray(v);
}

/** Counting state in Redis. Every write is the one atomic script (scripts/counting.lua); the rest are reads. */
export class CountingStore {
  private script: Script;
  private sinceScript: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.script = new Script(redis, 'counting', timer);
    this.sinceScript = new Script(redis, 'count-since', timer);
  }

  async load(): Promise<void> {
    await Promise.all([this.script.load(), this.sinceScript.load()]);
  }

  async write(w: CountingWrite): Promise<CountingWriteResult> {
    const args = [
      electionKeys(w.electionId).prefix,
      w.op,
      w.areaId,
      w.contest,
      w.idempotencyKey,
      w.bodyHash,
      String(w.nowMs),
      String(w.atMs),
      String(w.pollsCloseMs),
      String(w.maxFutureMs ?? -1),
      String(w.logMaxLen),
      w.who,
      w.role,
      w.ip,
      w.requestId,
      w.reason.replace(/[\t\r\n]+/g, ' '),
      w.version === null ? '' : String(w.version),
      w.atIso,
      w.op === 'decide' ? (w.action ?? '') : (w.numbers ?? []).join(','),
      (w.votes ?? []).map((v) => `${v.candidateId}=${v.votes}`).join(';'),
      (w.flags ?? []).join(','),
      w.recordJson ?? '',
      String(w.feedMaxLen ?? FEED_MAXLEN),
    ];
    const raw = String(await this.script.run([], args));
    const tag = raw.slice(0, 2);
    const rest = raw.slice(3);
    if (tag === 'ER')
      return { ok: false, ...(JSON.parse(rest) as Omit<Extract<CountingWriteResult, { ok: false }>, 'ok'>) };
    const [version, state, received, flags] = rest.split(' ');
    return {
      ok: true,
      replayed: tag === 'RP',
      version: Number(version),
      state: state as CountingState,
      receivedMs: Number(received),
      flags: list(flags),
    };
  }

  async record(electionId: string, areaId: string, contest: string): Promise<RecordState | null> {
    const r = await this.redis.hmGet(electionKeys(electionId).countRecord(areaId, contest), [
      'st',
      'ver',
      'nums',
      'cands',
      'flags',
      'at',
      'seq',
      'reopened',
      'unit',
    ]);
    if (!r[0]) return null;
    return {
      state: r[0] as CountingState,
      version: Number(r[1] ?? 0),
      numbers: list(r[2]).map(Number),
      votes: parseVotes(unpackCands(r[3], r[8])),
      flags: list(r[4]),
      atMs: Number(r[5] ?? 0),
      seq: Number(r[6] ?? 0),
      reopened: r[7] === '1',
    };
  }

  /** Several records of one contest in one round trip (a unit's or commune's areas). */
  async records(electionId: string, areaIds: readonly string[], contest: string): Promise<(RecordState | null)[]> {
    return Promise.all(areaIds.map((id) => this.record(electionId, id, contest)));
  }

  async history(electionId: string, areaId: string, contest: string): Promise<RecordEvent[]> {
    const lines = await this.redis.lRange(electionKeys(electionId).countHistory(areaId, contest), 0, -1);
    return lines.map((line) => {
      const p = line.split('\t');
      return {
        act: p[0] ?? '',
        version: Number(p[1] ?? 0),
        receivedMs: Number(p[2] ?? 0),
        by: p[3] ?? '',
        role: p[4] ?? '',
        at: p[5] ?? '',
        flags: list(p[6]),
        record: p[7] ? decodeHistoryRecord(p[7], areaId, contest, p[5] ?? '') : null,
        reason: p.slice(8).join('\t'),
      };
    });
  }

  async totals(electionId: string, contest: string, scope: string): Promise<CountFigures | null> {
    const k = electionKeys(electionId).countTotals(contest, scope);
    const v = await this.redis.hmGet(k, [...COUNT_FIELDS]);
    if (v[0] === null || v[0] === undefined) return null;
    return countFiguresFromArray(v.map((x) => Number(x ?? 0)));
  }

  /** A unit's candidate votes: provisional (submitted + confirmed records) and confirmed only. */
  async unitVotes(electionId: string, contest: string, unitId: string) {
    const all = await this.redis.hGetAll(electionKeys(electionId).countTotals(contest, `unit:${unitId}`));
    const p: Record<string, number> = {};
    const c: Record<string, number> = {};
    for (const [k, v] of Object.entries(all)) {
      if (k.startsWith('p:')) p[k.slice(2)] = Number(v);
      else if (k.startsWith('c:')) c[k.slice(2)] = Number(v);
    }
    return { provisional: p, confirmed: c };
  }

  areaReference(electionId: string, areaId: string): Promise<AreaReference | null> {
    return readAreaReference(this.redis, electionId, areaId);
  }

  unitAreas(electionId: string, unitId: string): Promise<string[]> {
    return this.redis.lRange(electionKeys(electionId).unitAreas(unitId), 0, -1);
  }

  async seq(electionId: string, contest: string, scope: string): Promise<number> {
    const v = await this.redis.hGet(electionKeys(electionId).countTotals(contest, scope), 'seq');
    return v === null || v === undefined ? -1 : Number(v);
  }

  /**
   * Changes since `lastSeq` merged into one update (the scope's figures and every child that changed, as of its
   * last sequence number), or null when the log does not reach back or holds more than `max` entries: then a
   * snapshot. One read script (count-since.lua), so the figures are those of the last logged change.
   */
  async since(
    electionId: string,
    contest: string,
    scope: string,
    lastSeq: number,
    max: number,
  ): Promise<CountUpdate | null> {
    const args = [electionKeys(electionId).prefix, contest, scope, String(lastSeq), String(max)];
    const raw = await this.sinceScript.run([], args);
    return typeof raw === 'string' ? decodeCountEntry(`count:${contest}:${scope}`, raw) : null;
  }

  /**
   * Entries of the results log after `since`, oldest first, at most `limit`; `trimmed` when the log no longer
   * holds the entry after `since` (it keeps the last RESULTS_FEED_MAXLEN): then `oldest` is the first one kept and
   * `latest` the last number given, and the entries are not returned (a reader must never skip changes unawares).
   */
  async feed(
    electionId: string,
    since: number,
    limit: number,
  ): Promise<{ entries: FeedEntry[]; trimmed?: { oldest: number; latest: number } }> {
    const K = electionKeys(electionId);
    const entries = await this.redis.xRange(K.resultsLog, `${since + 1}-0`, '+', { COUNT: limit });
    // Numbers run 1, 2, 3… without holes, so a first entry after since+1 means the ones between were dropped.
    const first = entries[0] ? Number(entries[0].id.split('-')[0]) : null;
    if (first !== null && first > since + 1) {
      return { entries: [], trimmed: { oldest: first, latest: Number(await this.redis.get(K.resultsSeq)) } };
    }
    return {
      entries: entries.map(({ id, message: m }) => ({
        seq: Number(id.split('-')[0]),
        pollingAreaId: m.area ?? '',
        contest: m.contest ?? '',
        unitId: m.unit ?? '',
        state: m.state ?? '',
        version: Number(m.version ?? 0),
        at: m.at ?? '',
        receivedAt: toVnIso(Number(m.received ?? 0)),
        counted: m.nums ? countedOf(m.nums.split(',').map(Number), parseVotes(m.votes)) : null,
        flags: list(m.flags),
      })),
    };
  }
}

/** What a counting write is checked against: the area's units, list sizes, turnout and voting date. */
export interface AreaReference {
  units: { na: string; pc: string; cc: string };
  registered: { na: number; pc: number; cc: number };
  voted: number | null;
  votingDate: string;
  name: string;
}

export async function readAreaReference(
  redis: Redis,
  electionId: string,
  areaId: string,
): Promise<AreaReference | null> {
  const v = await redis.hmGet(electionKeys(electionId).area(areaId), [
    'una',
    'upc',
    'ucc',
    'reg',
    'regpc',
    'regcc',
    'voted',
    'rep',
    'date',
    'name',
  ]);
  if (!v[0]) return null;
  return {
    units: { na: v[0], pc: v[1] ?? '', cc: v[2] ?? '' },
    registered: { na: Number(v[3] ?? 0), pc: Number(v[4] ?? 0), cc: Number(v[5] ?? 0) },
    voted: v[7] === '1' ? Number(v[6] ?? 0) : null,
    votingDate: v[8] ?? '',
    name: v[9] ?? areaId,
  };
}
