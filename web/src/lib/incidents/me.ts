import type { Role } from '@ecc/shared';
import { roleSchema } from '@ecc/shared';
import { z } from 'zod';
import { API_BASE } from '$lib/live/api';

const meSchema = z.object({
  name: z.string(),
  subject: z.string().optional(),
  role: roleSchema,
  jurisdiction: z.string(),
});
export interface Me {
  name: string;
  subject?: string | undefined;
  role: Role;
  /** A scope string: `commune:00004`, `province:01`, `area:00004-0001`, `nation`. */
  jurisdiction: string;
}

const KEY = 'ecc.me';

/**
 * Who is signed in on this device, or null. The last answer is remembered so a phone that lost its network
 * keeps its form (the server checks everything again when the report arrives).
 */
export async function whoAmI(): Promise<Me | null> {
  try {
    const res = await fetch(`${API_BASE}/auth/me`, { headers: { accept: 'application/json' } });
    if (res.status === 401) {
      localStorage.removeItem(KEY);
      return null;
    }
    const me = meSchema.parse(await res.json());
    localStorage.setItem(KEY, JSON.stringify(me));
    return me;
  } catch {
    const raw = localStorage.getItem(KEY);
    const cached = raw ? meSchema.safeParse(JSON.parse(raw)) : null;
    return cached?.success ? cached.data : null;
  }
}

/** The scope a user's incidents are read at: their jurisdiction. */
export const homeScope = (me: Me): string => me.jurisdiction;
