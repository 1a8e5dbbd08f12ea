import { createHash } from 'node:crypto';
import type { AuditEntry } from '../store/audit.store.js';
import { bindingOf, unboundEntries } from './audit-binding.js';
import type { Binding } from './audit-binding.js';
import { AUDIT_FIELDS, toEntry } from '../store/audit.store.js';
import type { Redis } from '../store/redis.js';

export type Problem =
  | { kind: 'altered'; id: string }
  | { kind: 'inserted'; id: string }
  | { kind: 'removed'; after: string; missing: number }
  | { kind: 'broken-link'; id: string }
  | { kind: 'head-mismatch'; head: string; last: string }
  /** A turnout entry whose bound history lines (see audit-binding.ts) are missing or altered. */
  | { kind: 'unbound'; id: string };

export interface VerifyReport {
  stream: string;
  entries: number;
  problems: Problem[];
}

/** The same canonical form as scripts/audit-chain.lua, so Node recomputes what Lua wrote. */
export function entryHash(prev: string, seq: number, e: Pick<AuditEntry, (typeof AUDIT_FIELDS)[number]>): string {
  const parts = [`${prev.length}:${prev}`, `${String(seq).length}:${seq}`];
  for (const f of AUDIT_FIELDS) {
    const v = String(e[f]);
    // Lua's # counts bytes, so does Buffer.byteLength.
    parts.push(`${Buffer.byteLength(v)}:${v}`);
  }
  return createHash('sha1').update(parts.join('|')).digest('hex');
}

/**
 * Walks one chain: each entry's hash must match its fields and predecessor (else altered), ids must be
 * `1-0, 2-0, …` without gaps (a gap: removed; any other id: inserted), each `prev` must be the hash before it,
 * and the head key must name the last entry (an entry removed or appended at the end); every turnout entry must
 * still bind the history lines it names (else unbound).
 */
export async function verifyChain(redis: Redis, stream: string, headKey: string): Promise<VerifyReport> {
  const problems: Problem[] = [];
  let lastSeq = 0;
  let lastHash = '';
  let lastId = '(start)';
  let count = 0;
  const bindings: Binding[] = [];
  const visit = (id: string, message: Record<string, string>) => {
    count++;
    const e = toEntry(id, message);
    const [ms, sub] = id.split('-');
    if (sub !== '0') return void problems.push({ kind: 'inserted', id });
    const seq = Number(ms);
    if (seq > lastSeq + 1) problems.push({ kind: 'removed', after: lastId, missing: seq - lastSeq - 1 });
    if (entryHash(e.prev, seq, e) !== e.h) problems.push({ kind: 'altered', id });
    else if (e.prev !== lastHash && seq === lastSeq + 1) problems.push({ kind: 'broken-link', id });
    const b = bindingOf(id, e.act, e.outcome, e.detail);
    if (b) bindings.push(b);
    lastSeq = seq;
    lastHash = e.h;
    lastId = id;
  };
  // Pages while the stream is long; the last page and the head are read in one MULTI, so entries appended
  // while we verify (the servers keep running) never look like a head mismatch.
  let start = '-';
  let head: (string | null)[] = [];
  for (;;) {
    const page = await redis.xRange(stream, start, '+', { COUNT: 5000 });
    if (page.length === 5000) {
      for (const { id, message } of page) visit(id, message as Record<string, string>);
      start = `(${page[page.length - 1]!.id}`;
      continue;
    }
    const [tail, h] = (await redis
      .multi()
      .xRange(stream, start, '+')
      .hmGet(headKey, ['seq', 'h'])
      .exec()) as unknown as [{ id: string; message: Record<string, string> }[], (string | null)[]];
    for (const { id, message } of tail) visit(id, message);
    head = h;
    break;
  }
  const headSeq = Number(head[0] ?? 0);
  if (headSeq !== lastSeq || (head[1] ?? '') !== lastHash) {
    problems.push({ kind: 'head-mismatch', head: `${headSeq}:${head[1] ?? ''}`, last: `${lastSeq}:${lastHash}` });
  }
  // An election's stream is `<prefix>audit`; its areas' histories share the prefix.
  const prefix = stream.slice(0, -'audit'.length);
  for (const id of await unboundEntries(redis, prefix, bindings)) problems.push({ kind: 'unbound', id });
  return { stream, entries: count, problems };
}
