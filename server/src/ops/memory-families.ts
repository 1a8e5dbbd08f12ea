/**
 * Where Redis memory goes (issue 7): every key is put in a family by its pattern — the election hash tag becomes
 * `{E}`, a contest name `{contest}`, any part holding a digit (an area, commune, unit, incident or session id) `*`
 * — and the family's bytes (`MEMORY USAGE … SAMPLES 0`, exact), keys and elements (hash fields, list items,
 * stream entries, set members) are summed. Pure parts here; `memoryReport` reads a live Redis.
 */
import type { Redis } from '../store/redis.js';

const CONTESTS = new Set(['na', 'pc', 'cc']);

/** The family of a key: `ecc:{qh16}:clog:na:unit:NA-01-1` → `ecc:{E}:clog:{contest}:unit:*`. */
export function keyFamily(key: string): string {
  const m = /^([^{]*)\{[^}]*\}(.*)$/.exec(key);
  const [head, rest] = m ? [`${m[1]}{E}`, m[2]!] : ['', key];
  const parts = rest.split(':').map((p) => (CONTESTS.has(p) ? '{contest}' : /\d/.test(p) ? '*' : p));
  return head + parts.join(':');
}

export interface FamilyUsage {
  family: string;
  type: string;
  keys: number;
  bytes: number;
  /** Hash fields, list items, stream entries, set or sorted-set members; string bytes for strings. */
  elements: number;
}

export interface KeySample {
  key: string;
  type: string;
  bytes: number;
  elements: number;
}

/** Sums key samples per family, largest first. */
export function groupFamilies(samples: Iterable<KeySample>): FamilyUsage[] {
  const by = new Map<string, FamilyUsage>();
  for (const s of samples) {
    const family = keyFamily(s.key);
    const f = by.get(family) ?? { family, type: s.type, keys: 0, bytes: 0, elements: 0 };
    f.keys++;
    f.bytes += s.bytes;
    f.elements += s.elements;
    by.set(family, f);
  }
  return [...by.values()].sort((a, b) => b.bytes - a.bytes);
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);

/** A Markdown table of the largest families (the rest summed in one line). */
export function familyTable(families: readonly FamilyUsage[], top = 20): string {
  const total = families.reduce((s, f) => s + f.bytes, 0);
  const rows = families.slice(0, top).map((f) => {
    const per = f.elements > 0 ? Math.round(f.bytes / f.elements) : 0;
    return `| \`${f.family}\` | ${f.type} | ${mb(f.bytes)} | ${f.keys.toLocaleString('en')} | ${f.elements.toLocaleString('en')} | ${per} |`;
  });
  const rest = families.slice(top);
  if (rest.length > 0) {
    const b = rest.reduce((s, f) => s + f.bytes, 0);
    const k = rest.reduce((s, f) => s + f.keys, 0);
    rows.push(`| ${rest.length} other families | — | ${mb(b)} | ${k.toLocaleString('en')} | — | — |`);
  }
  return [
    '| Key family | Type | MB | Keys | Elements | Bytes per element |',
    '|---|---|---|---|---|---|',
    ...rows,
    `| **all keys** | — | **${mb(total)}** | ${families.reduce((s, f) => s + f.keys, 0).toLocaleString('en')} | — | — |`,
  ].join('\n');
}

const LENGTH: Record<string, string> = {
  hash: 'HLEN',
  list: 'LLEN',
  stream: 'XLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  string: 'STRLEN',
};

/** Reads every key matching `match` (SCAN, then TYPE, MEMORY USAGE and length, pipelined per batch). */
export async function memoryReport(redis: Redis, match = '*'): Promise<FamilyUsage[]> {
  const samples: KeySample[] = [];
  for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 2000 })) {
    const types = await Promise.all(batch.map((k) => redis.type(k)));
    const sizes = await Promise.all(
      batch.map((k) => redis.sendCommand<number | null>(['MEMORY', 'USAGE', k, 'SAMPLES', '0'])),
    );
    const lengths = await Promise.all(
      batch.map((k, i) => {
        const cmd = LENGTH[String(types[i])];
        return cmd ? redis.sendCommand<number>([cmd, k]) : Promise.resolve(0);
      }),
    );
    batch.forEach((key, i) =>
      samples.push({ key, type: String(types[i]), bytes: Number(sizes[i] ?? 0), elements: Number(lengths[i] ?? 0) }),
    );
  }
  return groupFamilies(samples);
}
