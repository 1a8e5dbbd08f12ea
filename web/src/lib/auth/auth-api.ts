import { z } from 'zod';
import { API_BASE } from '$lib/live/api';

/** Sign-in and the admin reads. Writes send the CSRF token the server set in the `ecc_csrf` cookie. */
export function csrfToken(): string {
  const m = /(?:^|;\s*)ecc_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return m ? decodeURIComponent(m[1]!) : '';
}

/** The server's message is "Vietnamese / English": show the half of the chosen language. */
export function messageIn(message: string, lang: 'vi' | 'en'): string {
  const [vi, en] = message.split(' / ');
  return (lang === 'en' ? en : vi) ?? message;
}

export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  const res = await fetch(API_BASE + path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const e = z.object({ error: z.object({ message: z.string() }) }).safeParse(json);
    throw new AuthError(res.status, e.success ? e.data.error.message : `HTTP ${res.status}`);
  }
  return schema.parse(json);
}

const signedInSchema = z.object({
  username: z.string(),
  role: z.string(),
  jurisdiction: z.string(),
  mustChangePassword: z.boolean(),
});
const accountSchema = z.object({
  username: z.string(),
  name: z.string(),
  role: z.string(),
  jurisdiction: z.object({ level: z.string() }).catchall(z.string()),
  status: z.string(),
  lastSignInAt: z.number(),
});
const auditEntrySchema = z.object({
  seq: z.number(),
  ts: z.number(),
  who: z.string(),
  role: z.string(),
  act: z.string(),
  ip: z.string(),
  target: z.string(),
  outcome: z.string(),
  detail: z.string(),
});
export type AccountRow = z.infer<typeof accountSchema>;
export type AuditRow = z.infer<typeof auditEntrySchema>;

export const authApi = {
  signIn: (username: string, password: string) => call('POST', '/auth/sign-in', signedInSchema, { username, password }),
  changePassword: (current: string, next: string) => call('POST', '/auth/password', z.unknown(), { current, next }),
  signOut: () => call('POST', '/auth/sign-out', z.unknown(), {}),
  accounts: async () => (await call('GET', '/accounts', z.object({ accounts: z.array(accountSchema) }))).accounts,
  audit: async (query: URLSearchParams) =>
    (await call('GET', `/audit?${query}`, z.object({ entries: z.array(auditEntrySchema) }))).entries,
};
