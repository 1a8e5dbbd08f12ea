import type { Place, Role } from '@ecc/shared';
import { placeSchema, roleSchema } from '@ecc/shared';
import { z } from 'zod';
import { GLOBAL_KEYS } from './keys.js';
import type { Redis } from './redis.js';

export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a-z, 0-9, . _ -; 3 to 64');

/** A person's (or a provisioned device's) account. The password is stored only as its argon2id hash. */
export interface Account {
  username: string;
  role: Role;
  jurisdiction: Place;
  election: string;
  name: string;
  status: 'active' | 'revoked';
  /** Set for one-time passwords from provisioning or a reset: the first sign-in must choose a new one. */
  mustChangePassword: boolean;
  createdAt: number;
  lastSignInAt: number;
  hash: string;
}

const stored = z.object({
  role: roleSchema,
  jurisdiction: z.string().transform((s) => placeSchema.parse(JSON.parse(s))),
  election: z.string(),
  name: z.string(),
  status: z.enum(['active', 'revoked']),
  must: z.enum(['0', '1']),
  created: z.coerce.number(),
  last: z.coerce.number().default(0),
  hash: z.string(),
});

function toFields(a: Partial<Account>): Record<string, string> {
  const f: Record<string, string> = {};
  if (a.role !== undefined) f.role = a.role;
  if (a.jurisdiction !== undefined) f.jurisdiction = JSON.stringify(a.jurisdiction);
  if (a.election !== undefined) f.election = a.election;
  if (a.name !== undefined) f.name = a.name;
  if (a.status !== undefined) f.status = a.status;
  if (a.mustChangePassword !== undefined) f.must = a.mustChangePassword ? '1' : '0';
  if (a.createdAt !== undefined) f.created = String(a.createdAt);
  if (a.lastSignInAt !== undefined) f.last = String(a.lastSignInAt);
  if (a.hash !== undefined) f.hash = a.hash;
  return f;
}

function fromFields(username: string, h: Record<string, string>): Account | null {
  const r = stored.safeParse(h);
  if (!r.success) return null;
  const d = r.data;
  return {
    username,
    role: d.role,
    jurisdiction: d.jurisdiction,
    election: d.election,
    name: d.name,
    status: d.status,
    mustChangePassword: d.must === '1',
    createdAt: d.created,
    lastSignInAt: d.last,
    hash: d.hash,
  };
}

/** Accounts are global (not per election): one hash per account and a set of all usernames. */
export class AccountsStore {
  constructor(private redis: Redis) {}

  /** False when the username is taken (SADD is the atomic claim). */
  async create(a: Account): Promise<boolean> {
    if ((await this.redis.sAdd(GLOBAL_KEYS.accounts, a.username)) === 0) return false;
    await this.redis.hSet(GLOBAL_KEYS.account(a.username), toFields(a));
    return true;
  }

  /** Many at once (provisioning): the ones whose username was free; pipelined in chunks. */
  async createMany(list: Account[]): Promise<Account[]> {
    const created: Account[] = [];
    for (let i = 0; i < list.length; i += 1000) {
      const chunk = list.slice(i, i + 1000);
      const claimed = await Promise.all(chunk.map((a) => this.redis.sAdd(GLOBAL_KEYS.accounts, a.username)));
      const fresh = chunk.filter((_, j) => claimed[j] === 1);
      await Promise.all(fresh.map((a) => this.redis.hSet(GLOBAL_KEYS.account(a.username), toFields(a))));
      created.push(...fresh);
    }
    return created;
  }

  async get(username: string): Promise<Account | null> {
    const h = await this.redis.hGetAll(GLOBAL_KEYS.account(username));
    return Object.keys(h).length ? fromFields(username, h) : null;
  }

  async update(username: string, patch: Partial<Omit<Account, 'username'>>): Promise<void> {
    await this.redis.hSet(GLOBAL_KEYS.account(username), toFields(patch));
  }

  async list(): Promise<Account[]> {
    const names = (await this.redis.sMembers(GLOBAL_KEYS.accounts)).sort();
    const out: Account[] = [];
    for (let i = 0; i < names.length; i += 2000) {
      const chunk = names.slice(i, i + 2000);
      const hashes = await Promise.all(chunk.map((u) => this.redis.hGetAll(GLOBAL_KEYS.account(u))));
      hashes.forEach((h, j) => {
        const a = fromFields(chunk[j]!, h);
        if (a) out.push(a);
      });
    }
    return out;
  }
}
