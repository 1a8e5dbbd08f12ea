import type { ErrorCode, Principal, Role } from '@ecc/shared';
import { ERRORS, placeLabel } from '@ecc/shared';
import type { Account, AccountsStore } from '../store/accounts.store.js';
import type { AuditStore } from '../store/audit.store.js';
import type { AccountsService, NewAccount } from './accounts.service.js';
import type { ElectionsService } from './elections.service.js';
import { hashOneTimePassword, oneTimePassword } from './passwords.js';

/** The reference data provisioning reads (from Redis, via the stores). */
export interface ProvisioningSource {
  areasOf(electionId: string, communeCode: string): Promise<{ id: string; name: string }[]>;
  units(electionId: string): Promise<{ id: string; name: string; provinceCode: string; communeCode?: string }[]>;
}

/** One issued account, with its one-time password: printed once, never stored in clear. */
export interface Issued {
  username: string;
  password: string;
  role: Role;
  jurisdiction: string;
  name: string;
  /** Which printed sheet it goes on: a commune code, or `province-XX` for provincial and national boards. */
  sheet: string;
}

export interface ImportError {
  row: number;
  field?: string;
  code: string;
  message: string;
}

/**
 * Accounts for every polling team, commune committee, commune security liaison and election board of an
 * election, from its reference data; and bulk import from CSV rows. Existing usernames are skipped, so running
 * it again after an import only fills the gaps.
 */
export class ProvisioningService {
  constructor(
    private store: AccountsStore,
    private accounts: AccountsService,
    private elections: ElectionsService,
    private source: ProvisioningSource,
    private audit: AuditStore,
    private now: () => number = Date.now,
  ) {}

  /** The accounts an election needs, optionally for one commune only (its teams, committee, liaison, boards). */
  async plan(electionId: string, commune?: string): Promise<Omit<Issued, 'password'>[]> {
    const ctx = await this.elections.get(electionId);
    if (!ctx) return [];
    const out: Omit<Issued, 'password'>[] = [];
    const communes = [...ctx.communes.values()].filter((c) => !commune || c.code === commune);
    for (const c of communes) {
      out.push(
        {
          username: `ubbc-${c.code}`,
          role: 'commune-committee',
          jurisdiction: `commune:${c.code}`,
          name: `UBBC ${c.fullName}`,
          sheet: c.code,
        },
        {
          username: `an-${c.code}`,
          role: 'security-liaison',
          jurisdiction: `commune:${c.code}`,
          name: `An ninh ${c.fullName}`,
          sheet: c.code,
        },
      );
      for (const a of await this.source.areasOf(electionId, c.code)) {
        out.push({
          username: `tbc-${a.id}`,
          role: 'polling-team',
          jurisdiction: `area:${a.id}`,
          name: `Tổ bầu cử ${a.name}`,
          sheet: c.code,
        });
      }
    }
    for (const u of await this.source.units(electionId)) {
      const sheet = u.communeCode ?? `province-${u.provinceCode}`;
      if (commune && u.communeCode !== commune) continue;
      out.push({
        username: `bbc-${u.id}`,
        role: 'election-board',
        jurisdiction: `unit:${u.id}`,
        name: `Ban bầu cử ${u.name}`,
        sheet,
      });
    }
    // Usernames are global. The plain names belong to the general election; every other election (drill,
    // by-election, re-vote, additional vote) names its accounts `<election id>.<name>`, so it never takes or skips
    // a name the general election's teams hold (issue 9).
    if (ctx.election.kind !== 'general') for (const p of out) p.username = `${electionId}.${p.username}`;
    return out;
  }

  /** Creates the planned accounts that do not exist yet; returns them with their one-time passwords. */
  async provision(actor: Principal, electionId: string, ip: string, commune?: string): Promise<Issued[]> {
    const planned = await this.plan(electionId, commune);
    const lineage = await this.lineage(electionId, planned);
    const issued: Issued[] = [];
    const accounts: Account[] = [];
    const todo = planned.filter((p) => lineage.has(p.jurisdiction));
    // Hashes run on libuv's thread pool: 64 at a time keeps both cores busy without a burst of memory.
    for (let i = 0; i < todo.length; i += 64) {
      const chunk = todo.slice(i, i + 64).map((p) => ({ p, password: oneTimePassword() }));
      const hashes = await Promise.all(chunk.map((c) => hashOneTimePassword(c.password)));
      chunk.forEach(({ p, password }, j) => {
        issued.push({ ...p, password });
        accounts.push(this.account(p, lineage.get(p.jurisdiction)!, electionId, hashes[j]!));
      });
    }
    await this.audit.append([
      {
        ts: this.now(),
        who: actor.subject ?? actor.name,
        role: actor.role,
        act: 'accounts:provision',
        ip,
        target: commune ? `commune:${commune}` : electionId,
        outcome: 'ok',
        detail: `${accounts.length} planned`,
      },
    ]);
    const created = new Set((await this.store.createMany(accounts)).map((a) => a.username));
    return issued.filter((i) => created.has(i.username));
  }

  /** Checks every row first; creates nothing unless all are valid (a half-imported file is worse than none). */
  async importRows(
    actor: Principal,
    rows: string[][],
    ip: string,
  ): Promise<{ ok: true; issued: Issued[] } | { ok: false; errors: ImportError[] }> {
    const [header, ...body] = rows;
    const col = (name: string) => header?.findIndex((h) => h.trim().toLowerCase() === name) ?? -1;
    const idx = {
      username: col('username'),
      role: col('role'),
      jurisdiction: col('jurisdiction'),
      name: col('name'),
      election: col('election'),
    };
    const errors: ImportError[] = [];
    for (const need of ['username', 'role', 'jurisdiction'] as const) {
      if (idx[need] < 0) errors.push({ row: 1, field: need, ...msg('INVALID_FIELD') });
    }
    if (errors.length) return { ok: false, errors };
    const seen = new Set<string>();
    const ready: { input: NewAccount; account: Omit<Account, 'hash'> }[] = [];
    for (const [i, r] of body.entries()) {
      const cell = (k: keyof typeof idx) => (idx[k] >= 0 ? (r[idx[k]] ?? '').trim() : '');
      const input: NewAccount = {
        username: cell('username'),
        role: cell('role') as Role,
        jurisdiction: cell('jurisdiction'),
        name: cell('name'),
        ...(cell('election') ? { election: cell('election') } : {}),
      };
      const p = await this.accounts.prepare(input);
      const row = i + 2; // 1-based, after the header, as a spreadsheet shows it
      if (!p.ok) errors.push({ row, ...(p.field ? { field: p.field } : {}), ...msg(p.code) });
      else if (seen.has(p.data.username) || (await this.store.get(p.data.username)))
        errors.push({ row, field: 'username', ...msg('USERNAME_TAKEN') });
      else {
        seen.add(p.data.username);
        ready.push({ input, account: p.data });
      }
    }
    if (errors.length) return { ok: false, errors };
    const issued: Issued[] = [];
    const accounts: Account[] = [];
    for (const { account } of ready) {
      const password = oneTimePassword();
      accounts.push({ ...account, hash: await hashOneTimePassword(password) });
      issued.push({
        username: account.username,
        password,
        role: account.role,
        jurisdiction: placeLabel(account.jurisdiction),
        name: account.name,
        sheet: account.jurisdiction.commune ?? `province-${account.jurisdiction.province ?? ''}`,
      });
    }
    await this.audit.append([
      {
        ts: this.now(),
        who: actor.subject ?? actor.name,
        role: actor.role,
        act: 'accounts:import',
        ip,
        target: 'accounts',
        outcome: 'ok',
        detail: `${accounts.length} rows`,
      },
    ]);
    await this.store.createMany(accounts);
    return { ok: true, issued };
  }

  private account(
    p: Omit<Issued, 'password'>,
    place: Account['jurisdiction'],
    election: string,
    hash: string,
  ): Account {
    return {
      username: p.username,
      role: p.role,
      jurisdiction: place,
      election,
      name: p.name,
      status: 'active',
      mustChangePassword: true,
      createdAt: this.now(),
      lastSignInAt: 0,
      hash,
    };
  }

  /** Each planned jurisdiction with its lineage, resolved once (many teams share a commune's lookups). */
  private async lineage(electionId: string, planned: Omit<Issued, 'password'>[]) {
    const out = new Map<string, Account['jurisdiction']>();
    for (const p of planned) {
      if (out.has(p.jurisdiction)) continue;
      const r = await this.accounts.prepare({
        username: p.username,
        role: p.role,
        jurisdiction: p.jurisdiction,
        election: electionId,
      });
      if (r.ok) out.set(p.jurisdiction, r.data.jurisdiction);
    }
    return out;
  }
}

function msg(code: ErrorCode) {
  return { code, message: `${ERRORS[code].vi} / ${ERRORS[code].en}` };
}
