import type { ErrorCode, Principal, Role } from '@ecc/shared';
import { authorize, placeLabel, roleSchema } from '@ecc/shared';
import type { Account, AccountsStore } from '../store/accounts.store.js';
import { usernameSchema } from '../store/accounts.store.js';
import type { AuditStore } from '../store/audit.store.js';
import type { SessionsStore } from '../store/sessions.store.js';
import type { ElectionsService } from './elections.service.js';
import type { PlaceLookup } from './jurisdiction.js';
import { placeTarget, resolveJurisdiction } from './jurisdiction.js';
import { hashPassword, oneTimePassword } from './passwords.js';

export interface NewAccount {
  username: string;
  role: Role;
  /** A scope string: nation, province:01, commune:00101, area:00101-0001, unit:pc-01-2. */
  jurisdiction: string;
  name?: string;
  election?: string;
}

export interface AccountPatch {
  role?: Role;
  jurisdiction?: string;
  status?: 'active' | 'revoked';
  resetPassword?: boolean;
}

export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; field?: string };

/** What a review list shows: never the hash. */
export type AccountView = Omit<Account, 'hash'>;
export const view = ({ hash: _hash, ...rest }: Account): AccountView => rest;

/** Tells every server instance that a subject's rights changed: its sockets are disconnected (revocation.ts). */
export type Revoke = (subject: string) => Promise<void>;

/**
 * Account administration. Every change is audited in the global chain before it is applied, so a change the
 * audit log cannot record does not happen. A role, jurisdiction or status change revokes the account's sockets.
 */
export class AccountsService {
  constructor(
    private accounts: AccountsStore,
    private sessions: SessionsStore,
    private audit: AuditStore,
    private elections: ElectionsService,
    private lookup: PlaceLookup,
    private revoke: Revoke,
    private defaultElection: string,
    private now: () => number = Date.now,
  ) {}

  private async record(actor: Principal, act: string, ip: string, target: string, outcome: string, detail = '') {
    await this.audit.append([
      { ts: this.now(), who: actor.subject ?? actor.name, role: actor.role, act, ip, target, outcome, detail },
    ]);
  }

  /** Accounts the actor may see: admins and national roles all, committees those inside their jurisdiction. */
  async list(actor: Principal): Promise<AccountView[]> {
    const all = await this.accounts.list();
    return all.filter((a) => authorize(actor, 'accounts:read', placeTarget(a.jurisdiction)).ok).map(view);
  }

  /** Exports are audited (who took a copy of the account list, from where). */
  async recordExport(actor: Principal, ip: string, count: number): Promise<void> {
    await this.record(actor, 'accounts:export', ip, 'accounts', 'ok', `${count} accounts`);
  }

  /** Checks a new account without writing; also the row check of a CSV import. */
  async prepare(input: NewAccount): Promise<Result<Omit<Account, 'hash'>>> {
    const username = usernameSchema.safeParse(input.username?.trim().toLowerCase());
    if (!username.success) return { ok: false, code: 'INVALID_FIELD', field: 'username' };
    const role = roleSchema.safeParse(input.role);
    if (!role.success) return { ok: false, code: 'INVALID_FIELD', field: 'role' };
    const election = input.election ?? this.defaultElection;
    const place = await resolveJurisdiction(this.elections, this.lookup, election, role.data, input.jurisdiction ?? '');
    if (!place) return { ok: false, code: 'INVALID_JURISDICTION', field: 'jurisdiction' };
    const now = this.now();
    return {
      ok: true,
      data: {
        username: username.data,
        role: role.data,
        jurisdiction: place,
        election,
        name: input.name?.trim() || username.data,
        status: 'active',
        mustChangePassword: true,
        createdAt: now,
        lastSignInAt: 0,
      },
    };
  }

  /** Creates one account with a one-time password (shown once, to the admin). */
  async create(
    actor: Principal,
    input: NewAccount,
    ip: string,
  ): Promise<Result<{ account: AccountView; password: string }>> {
    const r = await this.prepare(input);
    if (!r.ok) return r;
    const password = oneTimePassword();
    const account: Account = { ...r.data, hash: await hashPassword(password) };
    if (await this.accounts.get(account.username)) return { ok: false, code: 'USERNAME_TAKEN', field: 'username' };
    await this.record(
      actor,
      'accounts:create',
      ip,
      account.username,
      'ok',
      `${account.role} ${placeLabel(account.jurisdiction)}`,
    );
    if (!(await this.accounts.create(account))) return { ok: false, code: 'USERNAME_TAKEN', field: 'username' };
    return { ok: true, data: { account: view(account), password } };
  }

  async update(
    actor: Principal,
    username: string,
    patch: AccountPatch,
    ip: string,
  ): Promise<Result<{ account: AccountView; password?: string }>> {
    const current = await this.accounts.get(username);
    if (!current) return { ok: false, code: 'ACCOUNT_NOT_FOUND' };
    const role = patch.role ?? current.role;
    const changes: Partial<Account> = {};
    if (patch.role !== undefined || patch.jurisdiction !== undefined) {
      const scope = patch.jurisdiction ?? placeLabel(current.jurisdiction);
      const place = await resolveJurisdiction(this.elections, this.lookup, current.election, role, scope);
      if (!place) return { ok: false, code: 'INVALID_JURISDICTION', field: 'jurisdiction' };
      changes.role = role;
      changes.jurisdiction = place;
    }
    if (patch.status !== undefined) changes.status = patch.status;
    let password: string | undefined;
    if (patch.resetPassword) {
      password = oneTimePassword();
      changes.hash = await hashPassword(password);
      changes.mustChangePassword = true;
    }
    const detail = [
      changes.role && changes.role !== current.role ? `role ${current.role}→${changes.role}` : '',
      changes.jurisdiction
        ? `jurisdiction ${placeLabel(current.jurisdiction)}→${placeLabel(changes.jurisdiction)}`
        : '',
      changes.status ? `status ${current.status}→${changes.status}` : '',
      password ? 'password reset' : '',
    ]
      .filter(Boolean)
      .join('; ');
    await this.record(actor, 'accounts:update', ip, username, 'ok', detail);
    await this.accounts.update(username, changes);
    // Sessions end on revocation and reset; a role or jurisdiction change applies to the next request anyway,
    // but open sockets hold the rooms they joined under the old rights: they are disconnected everywhere.
    if (changes.status === 'revoked' || password) await this.sessions.deleteAll(username);
    await this.revoke(username);
    return { ok: true, data: { account: view({ ...current, ...changes }), ...(password ? { password } : {}) } };
  }
}
