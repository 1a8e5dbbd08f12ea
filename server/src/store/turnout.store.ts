import type { ErrorCode } from '@ecc/shared';
import { toVnIso } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

export interface IngestArgs {
  electionId: string;
  areaId: string;
  voted: number;
  atMs: number;
  atIso: string;
  idempotencyKey: string;
  bodyHash: string;
  kind: 'report' | 'correction';
  reason: string;
  reporter: string;
  /** Request id, kept with the report and carried into the notification (logs follow one report end to end). */
  requestId: string;
  nowMs: number;
  /** null: the election runs on a simulated clock, so reports from "the future" are normal. */
  maxFutureMs: number | null;
  logMaxLen: number;
  bucketMs: number;
}

export type IngestResult =
  | { ok: true; replayed: boolean; response: string }
  | { ok: false; status: number; code: ErrorCode; detail?: Record<string, unknown> };

export class TurnoutStore {
  private ingestScript: Script;
  constructor(
    private redis: Redis,
    timer?: ScriptTimer,
  ) {
    this.ingestScript = new Script(redis, 'ingest', timer);
  }

  async load(): Promise<void> {
    await this.ingestScript.load();
  }

  get loaded(): boolean {
    return this.ingestScript.loaded;
  }

  /** The one atomic step per report: see scripts/ingest.lua. */
  async ingest(a: IngestArgs): Promise<IngestResult> {
    const raw = await this.ingestScript.run(
      [],
      [
        electionKeys(a.electionId).prefix,
        a.areaId,
        String(a.voted),
        String(a.atMs),
        a.idempotencyKey,
        a.bodyHash,
        a.kind,
        a.reason,
        a.reporter,
        String(a.nowMs),
        String(a.maxFutureMs ?? -1),
        String(a.logMaxLen),
        String(a.bucketMs),
        a.atIso,
        toVnIso(a.nowMs),
        a.requestId,
      ],
    );
    return JSON.parse(String(raw)) as IngestResult;
  }

  /** Every accepted report and correction of an area, oldest first. */
  async history(electionId: string, areaId: string) {
    const entries = await this.redis.xRange(electionKeys(electionId).hist(areaId), '-', '+');
    return entries.map((e) => ({
      areaSeq: Number(e.id.split('-')[0]),
      kind: e.message.kind as 'report' | 'correction',
      voted: Number(e.message.voted),
      at: e.message.atIso ?? '',
      receivedAt: toVnIso(Number(e.message.rx)),
      by: e.message.by ?? '',
      reason: e.message.reason || undefined,
    }));
  }
}
