import type { ErrorCode } from '@ecc/shared';
import { toVnIso } from '@ecc/shared';
import { electionKeys } from './keys.js';
import type { Redis } from './redis.js';
import { decodeHistoryEntry } from './history-codec.js';
import type { HistoryEntry } from './history-codec.js';
import { Script } from './scripts.js';
import type { ScriptTimer } from './scripts.js';

export interface IngestItem {
  areaId: string;
  voted: number;
  atMs: number;
  atIso: string;
  idempotencyKey: string;
  bodyHash: string;
  kind: 'report' | 'correction';
  reason: string;
  /** Request id, kept with the report and carried into the notification (logs follow one report end to end). */
  requestId: string;
  /** The item's place in its request ("#17" for a batch's 18th item; '' for a single report): the history keeps
   * `requestId + requestPart`, while the request id alone names the sender, so a batch is one sender. */
  requestPart?: string;
  /** Who sent it (kept in the area's history and the audit log), with their role and address (audit). */
  reporter: string;
  role: string;
  ip: string;
}

export interface IngestBatch {
  electionId: string;
  nowMs: number;
  /** null: the election runs on a simulated clock, so reports from "the future" are normal. */
  maxFutureMs: number | null;
  logMaxLen: number;
  bucketMs: number;
  items: IngestItem[];
}

/** An accepted item: the area's sequence number it got, when it was received and the `at` it was sent with. */
export type IngestResult =
  | { ok: true; replayed: boolean; areaSeq: number; receivedMs: number; atIso: string }
  | { ok: false; status: number; code: ErrorCode; detail?: Record<string, unknown> };

/** Items per script call: bounded so one call never holds Redis for long (~1,000 items ≈ a few ms). */
export const MAX_ITEMS_PER_CALL = 1000;

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

  /** The one atomic step for a batch of reports (see scripts/ingest.lua); one result per item, in order. */
  async ingest(b: IngestBatch): Promise<IngestResult[]> {
    if (b.items.length === 0) return [];
    if (b.items.length > MAX_ITEMS_PER_CALL) throw new RangeError(`at most ${MAX_ITEMS_PER_CALL} items per call`);
    // Who sent the items (request id, reporter, role, address) is passed once per sender, not once per item: a
    // batch has one sender, and every argument costs Redis a string to parse and Lua one to intern.
    const senders = new Map<string, number>();
    const senderArgs: string[] = [];
    const itemArgs: string[] = [];
    let prev: IngestItem | undefined;
    let n = 0;
    for (const i of b.items) {
      // Consecutive items mostly share their sender (a batch has one): no key string built for those.
      if (
        !prev ||
        i.requestId !== prev.requestId ||
        i.reporter !== prev.reporter ||
        i.ip !== prev.ip ||
        i.role !== prev.role
      ) {
        const who = `${i.requestId}\n${i.reporter}\n${i.role}\n${i.ip}`;
        const known = senders.get(who);
        if (known === undefined) {
          n = senders.size + 1;
          senders.set(who, n);
          senderArgs.push(i.requestId, i.reporter, i.role, i.ip);
        } else n = known;
      }
      prev = i;
      itemArgs.push(
        i.areaId,
        String(i.voted),
        String(i.atMs),
        i.idempotencyKey,
        i.bodyHash,
        i.kind,
        i.reason,
        i.atIso,
        String(n),
        i.requestPart ?? '',
      );
    }
    const args = [
      electionKeys(b.electionId).prefix,
      String(b.nowMs),
      String(b.maxFutureMs ?? -1),
      String(b.logMaxLen),
      String(b.bucketMs),
      toVnIso(b.nowMs),
      String(senders.size),
      ...senderArgs,
      ...itemArgs,
    ];
    const raw = String(await this.ingestScript.run([], args));
    return raw.split('\n').map((line, n): IngestResult => {
      const tag = line.slice(0, 2);
      const rest = line.slice(3);
      if (tag === 'OK')
        return { ok: true, replayed: false, areaSeq: Number(rest), receivedMs: b.nowMs, atIso: b.items[n]!.atIso };
      if (tag === 'RP') {
        const [seq, received, atIso] = rest.split(' ');
        return { ok: true, replayed: true, areaSeq: Number(seq), receivedMs: Number(received), atIso: atIso ?? '' };
      }
      return {
        ok: false,
        ...(JSON.parse(rest) as { status: number; code: ErrorCode; detail?: Record<string, unknown> }),
      };
    });
  }

  /** The electoral units (one per contest) a polling area belongs to. */
  async areaUnits(electionId: string, areaId: string): Promise<string[]> {
    const v = await this.redis.hmGet(electionKeys(electionId).area(areaId), ['una', 'upc', 'ucc']);
    return v.filter((x): x is string => typeof x === 'string');
  }

  /** Every accepted report and correction of an area, oldest first. */
  async history(electionId: string, areaId: string) {
    return (await readHistory(this.redis, electionId, areaId)).map((e) => ({
      areaSeq: e.areaSeq,
      kind: e.kind,
      voted: e.voted,
      at: e.atIso,
      receivedAt: toVnIso(e.receivedMs),
      by: e.by,
      reason: e.reason || undefined,
    }));
  }
}

export async function readHistory(redis: Redis, electionId: string, areaId: string): Promise<HistoryEntry[]> {
  return (await redis.lRange(electionKeys(electionId).hist(areaId), 0, -1)).map(decodeHistoryEntry);
}
