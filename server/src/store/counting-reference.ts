import type { ReferenceData } from '@ecc/shared';
import { CONTESTS } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { ElectionKeys } from './keys.js';
import type { Redis } from './redis.js';

/**
 * The counting side of an election's reference data: for every contest and scope (nation, province, commune,
 * electoral unit) the number of records expected (one per polling area, §2.6), and each unit's polling areas.
 * The counting script only moves the other fields.
 */
export async function loadCountingReference(
  redis: Redis,
  data: ReferenceData,
  // Imports write under the staging keys first (issue 9, reference-swap.ts).
  K: ElectionKeys = electionKeys(data.election.id),
): Promise<void> {
  const expected = new Map<string, number>();
  const unitAreas = new Map<string, string[]>();
  const add = (k: string) => expected.set(k, (expected.get(k) ?? 0) + 1);
  for (const a of data.areas) {
    for (const c of CONTESTS) {
      for (const s of ['nation', `province:${a.provinceCode}`, `commune:${a.communeCode}`, `unit:${a.units[c]}`])
        add(K.countTotals(c, s));
      const list = unitAreas.get(a.units[c]) ?? [];
      list.push(a.id);
      unitAreas.set(a.units[c], list);
    }
  }
  const writes: (() => Promise<unknown>)[] = [];
  for (const [k, n] of expected) writes.push(() => redis.hSet(k, { areas: n, seq: 0 }));
  for (const [u, ids] of unitAreas) writes.push(() => redis.rPush(K.unitAreas(u), ids));
  // Bounded chunks: node-redis pipelines what one tick issues.
  for (let i = 0; i < writes.length; i += 2000) await Promise.all(writes.slice(i, i + 2000).map((w) => w()));
}
