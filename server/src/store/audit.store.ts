import { electionKeys, GLOBAL_KEYS } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

/** One audit entry: who did what, when, from where, to what, and how it ended. */
export interface AuditEvent {
  ts: number;
  /** Account username, token subject or name; 'anonymous' for unauthenticated attempts. */
  who: string;
  role: string;
  /** `auth:sign-in`, `turnout:report`, `accounts:update`, `audit:export`… */
  act: string;
  ip: string;
  target: string;
  /** `ok`, `denied`, `failed`, `locked` or an error code. */
  outcome: string;
  /** A short JSON object with what else matters (never a password or token). */
  detail: string;
}

export const AUDIT_FIELDS = ['ts', 'who', 'role', 'act', 'ip', 'target', 'outcome', 'detail'] as const;

export interface AuditEntry extends AuditEvent {
  id: string;
  seq: number;
  prev: string;
  h: string;
}

/** Which chain: the global one (accounts, sign-ins), or an election's (its writes and their denials). */
export function auditKeys(electionId?: string): { stream: string; head: string } {
  if (!electionId) return { stream: GLOBAL_KEYS.audit, head: GLOBAL_KEYS.auditHead };
  const k = electionKeys(electionId);
  return { stream: k.audit, head: k.auditHead };
}

export function toEntry(id: string, m: Record<string, string>): AuditEntry {
  return {
    id,
    seq: Number(id.split('-')[0]),
    ts: Number(m.ts),
    who: m.who ?? '',
    role: m.role ?? '',
    act: m.act ?? '',
    ip: m.ip ?? '',
    target: m.target ?? '',
    outcome: m.outcome ?? '',
    detail: m.detail ?? '',
    prev: m.prev ?? '',
    h: m.h ?? '',
  };
}

/**
 * Appends to the hash-chained audit streams (scripts/audit-chain.lua). There is deliberately no update or
 * delete here, and no route reaches Redis otherwise: the only way to change an entry is outside the API, which
 * `npm run audit:verify` detects.
 */
export class AuditStore {
  private script: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.script = new Script(redis, 'audit-append', timer);
  }

  load(): Promise<void> {
    return this.script.load();
  }

  /** Appends atomically; throws when Redis refuses, so the caller's write fails with it. */
  async append(events: AuditEvent[], electionId?: string): Promise<void> {
    if (events.length === 0) return;
    const { stream, head } = auditKeys(electionId);
    const args: string[] = [];
    for (const e of events) args.push(...AUDIT_FIELDS.map((f) => String(e[f])));
    await this.script.run([stream, head], args);
  }

  /** Entries in order, filtered in Node (the admin view reads at most `limit` matches). */
  async query(
    f: { electionId?: string; who?: string; act?: string; fromMs?: number; toMs?: number },
    limit = 1000,
  ): Promise<AuditEntry[]> {
    const { stream } = auditKeys(f.electionId);
    const out: AuditEntry[] = [];
    let start = '-';
    for (;;) {
      const page = await this.redis.xRange(stream, start, '+', { COUNT: 2000 });
      for (const { id, message } of page) {
        const e = toEntry(id, message as Record<string, string>);
        if (f.who && e.who !== f.who) continue;
        if (f.act && !e.act.startsWith(f.act)) continue;
        if (f.fromMs !== undefined && e.ts < f.fromMs) continue;
        if (f.toMs !== undefined && e.ts > f.toMs) continue;
        out.push(e);
        if (out.length >= limit) return out;
      }
      if (page.length < 2000) return out;
      start = `(${page[page.length - 1]!.id}`;
    }
  }
}
