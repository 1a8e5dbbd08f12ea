import { z } from 'zod';
import type { Place } from './roles.js';
import { placeSchema, roleSchema, ROLE_LEVELS } from './roles.js';

/** Who is acting: from a device token, a person's session, or nobody (public reads). */
export const principalSchema = z
  .object({
    role: roleSchema,
    election: z.string(),
    name: z.string(),
    jurisdiction: placeSchema,
    /** The account (sessions, provisioned devices) or token id (wall displays): what revocation disconnects. */
    subject: z.string().optional(),
    via: z.enum(['token', 'session']).default('token'),
  })
  .refine((p) => ROLE_LEVELS[p.role].includes(p.jurisdiction.level), {
    message: 'jurisdiction level does not fit the role',
    path: ['jurisdiction'],
  });
export type Principal = z.infer<typeof principalSchema>;

/** The token records issued before roles existed; they keep working unchanged. */
export const legacyPrincipalSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('polling-team'), election: z.string(), areaId: z.string(), name: z.string() }),
  z.object({ role: z.literal('committee'), election: z.string(), scope: z.string(), name: z.string() }),
]);
export type LegacyPrincipal = z.infer<typeof legacyPrincipalSchema>;

/** A scope string (`nation`, `province:01`, `commune:00101`, `area:00101-0001`) as a place, lineage from the id. */
export function placeOfScope(scope: string): Place | null {
  if (scope === 'nation') return { level: 'nation' };
  const [kind, code] = scope.split(':');
  if (!code) return null;
  if (kind === 'province') return { level: 'province', province: code };
  if (kind === 'commune') return { level: 'commune', commune: code };
  if (kind === 'area') return { level: 'area', area: code, commune: code.slice(0, 5) };
  if (kind === 'unit') return { level: 'unit', unit: code };
  return null;
}

/** Legacy committee tokens map to the new roles: nation → national council, province → provincial committee. */
export function fromLegacy(l: LegacyPrincipal): Principal | null {
  if (l.role === 'polling-team') {
    return {
      role: 'polling-team',
      election: l.election,
      name: l.name,
      jurisdiction: { level: 'area', area: l.areaId, commune: l.areaId.slice(0, 5) },
      via: 'token',
    };
  }
  const place = placeOfScope(l.scope);
  if (!place) return null;
  const role =
    place.level === 'nation'
      ? 'national-council'
      : place.level === 'province'
        ? 'provincial-committee'
        : place.level === 'commune'
          ? 'commune-committee'
          : null;
  return role ? { role, election: l.election, name: l.name, jurisdiction: place, via: 'token' } : null;
}

/** Parses a stored principal of either generation; null when it is neither. */
export function parsePrincipal(raw: unknown): Principal | null {
  const legacy = legacyPrincipalSchema.safeParse(raw);
  if (legacy.success) return fromLegacy(legacy.data);
  const p = principalSchema.safeParse(raw);
  return p.success ? p.data : null;
}
