import { publicCommuneIndexSchema, publicCommuneSchema } from '@ecc/shared';
import type { PublicCommune, PublicCommuneIndex } from '@ecc/shared';
import { API_BASE } from '../live/api.js';

/**
 * The public lookup's reads: cacheable snapshots under /api/v1/public (no sign-in, no cookie, no socket).
 * Bodies are parsed, not cast.
 */
async function read<T>(path: string, election: string | null, parse: (v: unknown) => T): Promise<T> {
  const q = election ? `?election=${encodeURIComponent(election)}` : '';
  const res = await fetch(`${API_BASE}/public/${path}${q}`, { credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return parse(await res.json());
}

export const publicApi = {
  communes: (election: string | null): Promise<PublicCommuneIndex> =>
    read('communes', election, (v) => publicCommuneIndexSchema.parse(v)),
  commune: (election: string | null, code: string): Promise<PublicCommune> =>
    read(`communes/${code}`, election, (v) => publicCommuneSchema.parse(v)),
};
