import { createHash } from 'node:crypto';
import type { Redis } from '../store/redis.js';

/**
 * A turnout audit entry binds the history lines of the reports it accepted (scripts/ingest.lua): its detail is
 * `<area>#<areaSeq>,… sha1=<hex>`, the SHA-1 over those lines joined by '\n'. The chain proves the entry was not
 * altered; this proves the history lines it names were not altered or removed either.
 */
export interface Binding {
  id: string;
  refs: { area: string; seq: number }[];
  sha1: string;
}

const DETAIL = /^(\S+) sha1=([0-9a-f]{40})$/;

/** The binding an audit entry carries, or null for entries that bind nothing (sign-ins, denials…). */
export function bindingOf(id: string, act: string, outcome: string, detail: string): Binding | null {
  if (!act.startsWith('turnout:') || outcome !== 'ok') return null;
  const m = DETAIL.exec(detail);
  if (!m) return { id, refs: [], sha1: '' }; // a turnout entry without its binding was altered
  const refs = m[1]!.split(',').map((r) => {
    const at = r.lastIndexOf('#');
    return { area: r.slice(0, at), seq: Number(r.slice(at + 1)) };
  });
  return { id, refs, sha1: m[2]! };
}

/** Ids of the entries whose history lines are missing or differ from what was hashed. */
export async function unboundEntries(redis: Redis, prefix: string, bindings: readonly Binding[]): Promise<string[]> {
  const areas = [...new Set(bindings.flatMap((b) => b.refs.map((r) => r.area)))];
  const lines = new Map<string, Map<number, string>>();
  for (let i = 0; i < areas.length; i += 1000) {
    const chunk = areas.slice(i, i + 1000);
    const lists = await Promise.all(chunk.map((a) => redis.lRange(`${prefix}hist:${a}`, 0, -1)));
    chunk.forEach((a, k) => lines.set(a, new Map(lists[k]!.map((l) => [Number(l.slice(0, l.indexOf('\t'))), l]))));
  }
  return bindings
    .filter((b) => {
      const found = b.refs.map((r) => lines.get(r.area)?.get(r.seq));
      if (b.refs.length === 0 || found.some((l) => l === undefined)) return true;
      return createHash('sha1').update(found.join('\n')).digest('hex') !== b.sha1;
    })
    .map((b) => b.id);
}
