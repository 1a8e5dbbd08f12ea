import type { AreaFacts, Totals } from '@ecc/shared';
import { aggregateAreas } from '@ecc/shared';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { readHistory } from '../store/turnout.store.js';
import { scanKeys } from './digest.js';

const AGG_FIELDS = ['reg', 'regcc', 'voted', 'areas', 'rep', 'full', 'com', 'comfull', 'last'] as const;
const TOTAL_FIELDS: (keyof Totals)[] = [
  'registered',
  'registeredCc',
  'voted',
  'areas',
  'reporting',
  'full',
  'communes',
  'communesFull',
  'lastAt',
];

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
    const v = (await redis.hmGet(K.agg(scope), [...AGG_FIELDS])).map((x) => Number(x ?? 0));
    TOTAL_FIELDS.forEach((f, i) => {
      if (v[i] !== totals[f]) mismatches.push(`${scope}.${f}: stored ${v[i]}, replayed ${totals[f]}`);
    });
  }
  return { areas: facts.length, scopes: expected.size, events, mismatches };
}
