import type { ReferenceData } from '../../schemas/reference.js';

export type ReferenceContent = Pick<ReferenceData, 'provinces' | 'communes' | 'areas' | 'units' | 'candidates'>;

/** JSON with object keys sorted at every level: the same content gives the same text whatever built it. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/** Reference content in one order (codes and ids ascending): what import round trips and content hashes compare. */
export function canonicalReference(d: ReferenceContent): ReferenceContent {
  return {
    provinces: [...d.provinces].sort(byKey((p) => p.code)),
    communes: [...d.communes].sort(byKey((c) => c.code)),
    areas: [...d.areas].sort(byKey((a) => a.id)),
    units: [...d.units].sort(byKey((u) => u.id)),
    candidates: [...d.candidates].sort(byKey((c) => c.id)),
  };
}

/** The text a content hash is taken of (the server hashes it with SHA-256). */
export function referenceFingerprint(d: ReferenceContent): string {
  return stableJson(canonicalReference(d));
}
