import { createHash } from 'node:crypto';
import type { Candidate, Commune, ImportIssue, Principal, Province, ReferenceContent, SheetKind } from '@ecc/shared';
import { isReferenceLocked, parseReferenceSheets, referenceFingerprint, toSheets } from '@ecc/shared';
import type { AuditStore } from '../store/audit.store.js';
import { electionKeys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { readReference } from '../store/reference-read.js';
import { replaceReference } from '../store/reference-swap.js';
import type { Result } from './elections-admin.service.js';
import type { ElectionsService } from './elections.service.js';
import { officialLists } from './official-communes.js';

/** SHA-256 of the canonical content: the same data gives the same hash whether it came as CSV, XLSX or a fixture. */
export function contentHash(d: ReferenceContent): string {
  return createHash('sha256').update(referenceFingerprint(d)).digest('hex');
}

export interface ImportOutcome {
  issues: ImportIssue[];
  errors: number;
  summary: { areas: number; units: number; candidates: number; early: number; voters: number } | null;
  hash: string | null;
  /** The content differs from what the election holds (false: applying changes nothing). */
  changed: boolean;
  applied: boolean;
}

/**
 * Imports committees' spreadsheets into an election in draft (issue 9). Sheets not given are taken from what the
 * election holds, so a candidates-only file is checked against the stored areas and units. The whole result is
 * validated (shared/src/domain/reference/parse.ts), then written at once by replaceReference: all or nothing.
 * Re-importing the same content is recognised by its hash and writes nothing.
 */
export class ReferenceImportService {
  constructor(
    private redis: Redis,
    private audit: AuditStore,
    private elections: ElectionsService,
    private now: () => number = Date.now,
  ) {}

  async run(
    actor: Principal,
    electionId: string,
    given: Partial<Record<SheetKind, string[][]>>,
    apply: boolean,
    ip: string,
  ): Promise<Result<ImportOutcome>> {
    const current = await readReference(this.redis, electionId);
    if (!current) return { ok: false, code: 'ELECTION_NOT_FOUND' };
    const { election } = current;
    if (apply && isReferenceLocked(election)) return { ok: false, code: 'REFERENCE_LOCKED' };
    const sheets = { ...toSheets(current) };
    for (const [k, rows] of Object.entries(given) as [SheetKind, string[][]][]) if (rows) sheets[k] = rows;
    const official = officialLists(election.date);
    const parsed = parseReferenceSheets(sheets, { election, communes: official.communes });
    const errors = parsed.issues.filter((i) => i.severity === 'error').length;
    if (!parsed.data)
      return {
        ok: true,
        data: { issues: parsed.issues, errors, summary: null, hash: null, changed: false, applied: false },
      };

    // A withdrawal is history: a re-import of the same candidate (same id and name) keeps it.
    const before = new Map(current.candidates.map((c) => [c.id, c]));
    const candidates: Candidate[] = parsed.data.candidates.map((c) => {
      const old = before.get(c.id);
      return old?.withdrawal && old.fullName === c.fullName ? { ...c, withdrawal: old.withdrawal } : c;
    });
    const communes = new Map<string, Commune>(current.communes.map((c) => [c.code, c]));
    const provinces = new Map<string, Province>(current.provinces.map((p) => [p.code, p]));
    for (const a of parsed.data.areas) {
      if (!communes.has(a.communeCode)) communes.set(a.communeCode, official.communes.get(a.communeCode)!);
      if (!provinces.has(a.provinceCode)) provinces.set(a.provinceCode, official.provinces.get(a.provinceCode)!);
    }
    const content: ReferenceContent = {
      provinces: [...provinces.values()],
      communes: [...communes.values()],
      areas: parsed.data.areas,
      units: parsed.data.units,
      candidates,
    };
    const hash = contentHash(content);
    const K = electionKeys(electionId);
    const stored = (await this.redis.get(K.referenceHash)) ?? (current.areas.length ? contentHash(current) : null);
    const changed = hash !== stored;
    const summary = {
      areas: content.areas.length,
      units: content.units.length,
      candidates: content.candidates.length,
      early: content.areas.filter((a) => a.votingDate !== election.date).length,
      voters: content.areas.reduce((s, a) => s + a.registered.na, 0),
    };
    const out: ImportOutcome = { issues: parsed.issues, errors, summary, hash, changed, applied: false };
    if (!apply || !changed) return { ok: true, data: out };
    if (Number(await this.redis.hGet(K.agg('nation'), 'rep')) > 0) return { ok: false, code: 'REFERENCE_HAS_REPORTS' };
    await this.audit.append(
      [
        {
          ts: this.now(),
          who: actor.subject ?? actor.name,
          role: actor.role,
          act: 'reference:import',
          ip,
          target: `election:${electionId}`,
          outcome: 'ok',
          detail: JSON.stringify({ ...summary, hash: hash.slice(0, 16), sheets: Object.keys(given) }),
        },
      ],
      electionId,
    );
    await replaceReference(this.redis, { election, ...content }, hash);
    this.elections.invalidate(electionId);
    return { ok: true, data: { ...out, applied: true } };
  }
}
