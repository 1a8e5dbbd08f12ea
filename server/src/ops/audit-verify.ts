import { createHash } from 'node:crypto';
import type { AuditEntry } from '../store/audit.store.js';
import { AUDIT_FIELDS, toEntry } from '../store/audit.store.js';
import type { Redis } from '../store/redis.js';

export type Problem =
  | { kind: 'altered'; id: string }
  | { kind: 'inserted'; id: string }
  | { kind: 'removed'; after: string; missing: number }
  | { kind: 'broken-link'; id: string }
  | { kind: 'head-mismatch'; head: string; last: string };

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
 * and the head key must name the last entry (an entry removed or appended at the end).
 */
export async function verifyChain(redis: Redis, stream: string, headKey: string): Promise<VerifyReport> {
  const problems: Problem[] = [];
  let lastSeq = 0;
  let lastHash = '';
  let lastId = '(start)';
  let count = 0;
  let start = '-';
  for (;;) {
    const page = await redis.xRange(stream, start, '+', { COUNT: 5000 });
    for (const { id, message } of page) {
      count++;
      const e = toEntry(id, message as Record<string, string>);
      const [ms, sub] = id.split('-');
      if (sub !== '0') {
        problems.push({ kind: 'inserted', id });
        continue;
      }
      const seq = Number(ms);
      if (seq > lastSeq + 1) problems.push({ kind: 'removed', after: lastId, missing: seq - lastSeq - 1 });
      if (entryHash(e.prev, seq, e) !== e.h) problems.push({ kind: 'altered', id });
      else if (e.prev !== lastHash && seq === lastSeq + 1) problems.push({ kind: 'broken-link', id });
      lastSeq = seq;
      lastHash = e.h;
      lastId = id;
    }
    if (page.length < 5000) break;
    start = `(${page[page.length - 1]!.id}`;
  }
  const head = await redis.hmGet(headKey, ['seq', 'h']);
  const headSeq = Number(head[0] ?? 0);
  if (headSeq !== lastSeq || (head[1] ?? '') !== lastHash) {
    problems.push({ kind: 'head-mismatch', head: `${headSeq}:${head[1] ?? ''}`, last: `${lastSeq}:${lastHash}` });
  }
  return { stream, entries: count, problems };
}
