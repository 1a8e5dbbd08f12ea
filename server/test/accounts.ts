import { randomUUID } from 'node:crypto';
import type { Place, Role } from '@ecc/shared';
import { hashPassword } from '../src/services/passwords.js';
import { AccountsStore } from '../src/store/accounts.store.js';
import type { Redis } from '../src/store/redis.js';

export const PASSWORD = 'correct horse battery staple';

/** An active account with a known password, straight into Redis (a unique name per call). */
export async function makeAccount(
  redis: Redis,
  role: Role,
  jurisdiction: Place,
  election: string,
  tag: string = role,
): Promise<string> {
  const username = `${tag}-${randomUUID().slice(0, 8)}`.slice(0, 60);
  await new AccountsStore(redis).create({
    username,
    role,
    jurisdiction,
    election,
    name: username,
    status: 'active',
    mustChangePassword: false,
    createdAt: Date.now(),
    lastSignInAt: 0,
    hash: await hashPassword(PASSWORD),
  });
  return username;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in; the cookie header to send back and the CSRF token. */
export async function signIn(url: string, username: string, password = PASSWORD, ip?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (ip) headers['x-forwarded-for'] = ip;
  const res = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as Record<string, any>;
  const cookies = res.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, body, cookies, session: { cookie, csrf: String(body.csrfToken ?? '') } as Session };
}

/** A request with a session cookie; `csrf: false` leaves the CSRF header out. */
export async function withSession(
  url: string,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
  opts: { csrf?: boolean; origin?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { cookie: s.cookie, ...(opts.headers ?? {}) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.csrf !== false) headers['x-csrf-token'] = s.csrf;
  if (opts.origin) headers.origin = opts.origin;
  const res = await fetch(url + path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, any> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
