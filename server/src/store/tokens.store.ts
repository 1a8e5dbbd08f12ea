import { createHash, randomBytes } from 'node:crypto';
import type { LegacyPrincipal, Principal } from '@ecc/shared';
import { parsePrincipal } from '@ecc/shared';
import { GLOBAL_KEYS } from './keys.js';
import type { Redis } from './redis.js';

/**
 * Device bearer tokens. The reporter tokens keep their original record (a polling team for its own area; a
 * committee for a province, or the nation for the national software pushing batches); `parsePrincipal` maps
 * them to the roles of shared/src/auth. Wall-display tokens store a full principal.
 * Only the SHA-256 of a token is stored, so a copy of Redis does not hand out reporting rights.
 */
export type { Principal };
export type TokenRecord = LegacyPrincipal | Principal;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The reporters of an election until accounts land: the national software, each provincial committee, each team. */
export function reporterPrincipals(data: {
  election: { id: string };
  provinces: { code: string }[];
  areas: { id: string }[];
}): LegacyPrincipal[] {
  const election = data.election.id;
  return [
    { role: 'committee', election, scope: 'nation', name: 'national' },
    ...data.provinces.map((p): LegacyPrincipal => ({
      role: 'committee',
      election,
      scope: `province:${p.code}`,
      name: `ubbc-${p.code}`,
    })),
    ...data.areas.map((a): LegacyPrincipal => ({ role: 'polling-team', election, areaId: a.id, name: `tbc-${a.id}` })),
  ];
}

export async function issueTokens(redis: Redis, principals: TokenRecord[]): Promise<string[]> {
  const tokens = principals.map(() => newToken());
  const fields: Record<string, string> = {};
  principals.forEach((p, i) => (fields[hashToken(tokens[i]!)] = JSON.stringify(p)));
  for (let i = 0, entries = Object.entries(fields); i < entries.length; i += 5000) {
    await redis.hSet(GLOBAL_KEYS.tokens, Object.fromEntries(entries.slice(i, i + 5000)));
  }
  return tokens;
}

export async function findPrincipal(redis: Redis, token: string): Promise<Principal | null> {
  const raw = await redis.hGet(GLOBAL_KEYS.tokens, hashToken(token));
  return raw ? parsePrincipal(JSON.parse(raw)) : null;
}

/** Removes every device token of one election (its reporters and walls), e.g. when a drill is deleted. */
export async function revokeElectionTokens(redis: Redis, electionId: string): Promise<number> {
  const doomed: string[] = [];
  for await (const entries of redis.hScanIterator(GLOBAL_KEYS.tokens, { COUNT: 5000 })) {
    for (const { field, value } of entries) {
      const record = JSON.parse(value) as { election?: unknown };
      if (record.election === electionId) doomed.push(field);
    }
  }
  for (let i = 0; i < doomed.length; i += 5000) await redis.hDel(GLOBAL_KEYS.tokens, doomed.slice(i, i + 5000));
  return doomed.length;
}
