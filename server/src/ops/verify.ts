import type { AreaFacts, Totals } from '@ecc/shared';
import { aggregateAreas, FIGURE_FIELDS } from '@ecc/shared';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { readTotals } from '../store/scopes.store.js';
import { readHistory } from '../store/turnout.store.js';
import { scanKeys } from './digest.js';

const TOTAL_FIELDS = FIGURE_FIELDS.filter((f): f is keyof Totals => f !== 'seq');

export interface VerifyResult {
  areas: number;
  scopes: number;
  events: number;
  mismatches: string[];
}

/**
 * Replays each area's event log (its history list of accepted reports and corrections) into area states,
 * recomputes every scope from them, and compares with the stored aggregates and area hashes.
 */
export async function verifyByReplay(redis: Redis, electionId: string): Promise<VerifyResult> {
  const K = electionKeys(electionId);
  const areaKeys = await scanKeys(redis, `${K.prefix}area:*`);
  const facts: AreaFacts[] = [];
  const mismatches: string[] = [];
  let events = 0;
  for (let i = 0; i < areaKeys.length; i += 500) {
    const chunk = areaKeys.slice(i, i + 500);
    const rows = await Promise.all(
      chunk.map(async (key) => {
        const id = key.slice(K.area('').length);
        const [meta, hist] = await Promise.all([
          redis.hmGet(key, ['commune', 'province', 'reg', 'regcc', 'voted', 'last']),
          readHistory(redis, electionId, id),
        ]);
        return { id, meta, hist };
      }),
    );
    for (const { id, meta, hist } of rows) {
      events += hist.length;
      const replayedVoted = hist.length ? hist.at(-1)!.voted : 0;
      const replayedLast = hist.reduce((m, e) => Math.max(m, e.atMs), 0);
      if (replayedVoted !== Number(meta[4]))
        mismatches.push(`area ${id}: stored voted ${meta[4]}, replayed ${replayedVoted}`);
      if (replayedLast !== Number(meta[5]))
        mismatches.push(`area ${id}: stored last ${meta[5]}, replayed ${replayedLast}`);
      facts.push({
        id,
        communeCode: meta[0] ?? '',
        provinceCode: meta[1] ?? '',
        registered: Number(meta[2]),
        registeredCc: Number(meta[3]),
        voted: replayedVoted,
        reported: hist.length > 0,
        lastAt: replayedLast,
      });
    }
  }
  const expected = aggregateAreas(facts);
  for (const [scope, totals] of expected) {
    const stored = await readTotals(redis, electionId, scope);
    for (const f of TOTAL_FIELDS) {
      if (stored[f] !== totals[f]) mismatches.push(`${scope}.${f}: stored ${stored[f]}, replayed ${totals[f]}`);
    }
  }
  return { areas: facts.length, scopes: expected.size, events, mismatches };
}

/** For reports sent with idempotency keys: how many are missing from their areas' histories, how many twice. */
export async function lostAndDuplicated(
  redis: Redis,
  electionId: string,
  reports: { pollingAreaId: string; idempotencyKey: string }[],
): Promise<{ lost: number; duplicated: number }> {
  const keysByArea = new Map<string, string[]>();
  for (const r of reports)
    keysByArea.set(r.pollingAreaId, [...(keysByArea.get(r.pollingAreaId) ?? []), r.idempotencyKey]);
  let lost = 0;
  let duplicated = 0;
  for (const [areaId, keys] of keysByArea) {
    const seen = new Map<string, number>();
    for (const e of await readHistory(redis, electionId, areaId))
      seen.set(e.idempotencyKey, (seen.get(e.idempotencyKey) ?? 0) + 1);
    for (const k of keys) {
      const c = seen.get(k) ?? 0;
      if (c === 0) lost++;
      if (c > 1) duplicated += c - 1;
    }
  }
  return { lost, duplicated };
}
