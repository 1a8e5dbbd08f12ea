import type { ErrorCode, Principal } from '@ecc/shared';
import { placeLabel } from '@ecc/shared';
import type { Account, AccountsStore } from '../store/accounts.store.js';
import type { AuditEvent, AuditStore } from '../store/audit.store.js';
import type { FailureKey, FailuresStore } from '../store/failures.store.js';
import type { SessionsStore } from '../store/sessions.store.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

export interface SessionSettings {
  /** A person's session ends after this long without a request (30 min). */
  idleMs: number;
  /** …and at the latest this long after sign-in (12 h). */
  absoluteMs: number;
}

export type SignIn =
  | { ok: true; sessionId: string; csrf: string; account: Account }
  | { ok: false; code: ErrorCode; retryAfterMs?: number };

export type Resolved =
  | { ok: true; principal: Principal; csrf: string; mustChangePassword: boolean }
  | { ok: false; code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' };

export function principalOf(a: Account): Principal {
  return {
    role: a.role,
    election: a.election,
    name: a.name,
    jurisdiction: a.jurisdiction,
    subject: a.username,
    via: 'session',
  };
}

/** Sign-in, sessions and password changes for people. Every outcome that matters is audited (global chain). */
export class AuthService {
  constructor(
    private accounts: AccountsStore,
    private sessions: SessionsStore,
    private failures: FailuresStore,
    private audit: AuditStore,
    private settings: SessionSettings,
    private now: () => number = Date.now,
  ) {}

  private event(who: string, role: string, act: string, ip: string, outcome: string, detail = ''): AuditEvent {
    return { ts: this.now(), who, role, act, ip, target: who, outcome, detail };
  }

  /**
   * Locked names and addresses are refused before the password is even checked. A wrong password, an unknown
   * name and a revoked account get the same answer, after the same work.
   */
  async signIn(rawName: string, password: string, ip: string): Promise<SignIn> {
    const username = rawName.trim().toLowerCase().slice(0, 64);
    const keys: FailureKey[] = [
      ['user', username],
      ['ip', ip],
    ];
    const now = this.now();
    const until = await this.failures.lockedUntil(keys);
    if (until > now) {
      await this.audit.append([this.event(username, '', 'auth:sign-in', ip, 'locked')]);
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterMs: until - now };
    }
    const account = await this.accounts.get(username);
    const valid = await verifyPassword(account?.hash, password);
    if (!account || !valid || account.status !== 'active') {
      const lockedUntil = await this.failures.record(keys, now);
      const events = [this.event(username, account?.role ?? '', 'auth:sign-in', ip, 'failed')];
      if (lockedUntil > now)
        events.push(this.event(username, '', 'auth:lockout', ip, 'locked', `until=${lockedUntil}`));
      await this.audit.append(events);
      return lockedUntil > now
        ? { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterMs: lockedUntil - now }
        : { ok: false, code: 'INVALID_CREDENTIALS' };
    }
    // The entry first: if it cannot be written, no session is created.
    await this.audit.append([this.event(username, account.role, 'auth:sign-in', ip, 'ok')]);
    await this.failures.clear([['user', username]]);
    const { id, csrf } = await this.sessions.create(username, now, this.settings.idleMs);
    await this.accounts.update(username, { lastSignInAt: now });
    return { ok: true, sessionId: id, csrf, account };
  }

  /** The principal behind a session cookie, re-read from the account so a role change applies at once. */
  async resolve(sessionId: string): Promise<Resolved> {
    const s = await this.sessions.get(sessionId);
    if (!s) return { ok: false, code: 'UNAUTHENTICATED' };
    const now = this.now();
    if (now - s.lastAt > this.settings.idleMs || now - s.createdAt > this.settings.absoluteMs) {
      await this.sessions.delete(sessionId, s.username);
      return { ok: false, code: 'SESSION_EXPIRED' };
    }
    const account = await this.accounts.get(s.username);
    if (!account || account.status !== 'active') {
      await this.sessions.delete(sessionId, s.username);
      return { ok: false, code: 'UNAUTHENTICATED' };
    }
    const ttl = Math.min(this.settings.idleMs, s.createdAt + this.settings.absoluteMs - now);
    await this.sessions.touch(sessionId, now, ttl);
    return { ok: true, principal: principalOf(account), csrf: s.csrf, mustChangePassword: account.mustChangePassword };
  }

  async signOut(sessionId: string, p: Principal, ip: string): Promise<void> {
    await this.audit.append([this.event(p.subject ?? p.name, p.role, 'auth:sign-out', ip, 'ok')]);
    await this.sessions.delete(sessionId, p.subject);
  }

  /** Replaces a (one-time) password; every other session of the account ends. */
  async changePassword(p: Principal, current: string, next: string, ip: string): Promise<ErrorCode | null> {
    const username = p.subject ?? '';
    const account = await this.accounts.get(username);
    if (!account || !(await verifyPassword(account.hash, current))) return 'INVALID_CREDENTIALS';
    if (next.length < MIN_PASSWORD_LENGTH || next === current) return 'WEAK_PASSWORD';
    await this.audit.append([
      { ...this.event(username, p.role, 'auth:password', ip, 'ok'), target: placeLabel(p.jurisdiction) },
    ]);
    await this.accounts.update(username, { hash: await hashPassword(next), mustChangePassword: false });
    await this.sessions.deleteAll(username);
    return null;
  }
}
