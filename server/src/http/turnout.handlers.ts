import type { ErrorCode } from '@ecc/shared';
import {
  batchEnvelopeSchema,
  batchItemSchema,
  idempotencyKeySchema,
  turnoutCorrectionSchema,
  turnoutReportSchema,
} from '@ecc/shared';
import type { SubmitOutcome, TurnoutService, TurnoutSubmission } from '../services/turnout.service.js';
import type { Principal } from '@ecc/shared';
import type { Reply } from './reply.js';
import { errorReply, zodField } from './reply.js';

export interface TurnoutHandlerDeps {
  turnout: TurnoutService;
  /** Null when reports may be accepted; otherwise why not (persistence off). */
  writeGate: () => ErrorCode | null;
  /** Metrics hook: the outcomes of one store step and its time. */
  observe: (kind: 'report' | 'correction', outcomes: readonly SubmitOutcome[], seconds: number) => void;
  /** Metrics hook: rejections before the store step (malformed body, missing key, persistence off). */
  countRejection: (code: ErrorCode) => void;
}

/** What the transport extracted from the request: already authenticated, body already JSON-parsed. */
export interface WriteRequest {
  principal: Principal;
  idempotencyKey: string | undefined;
  requestId: string;
  /** The client's address, for the audit entries. */
  ip: string;
  body: unknown;
}

function outcomeReply(o: SubmitOutcome): Reply {
  // The stored answer is sent byte for byte: a replay is the original response.
  if (o.ok) return { status: 201, json: o.json, ...(o.replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
  return errorReply(o.code, { status: o.status, detail: o.detail });
}

/**
 * The turnout write endpoints, independent of the HTTP framework: validate with the shared schemas, call the
 * service, answer. Express is not on this path (see fast-path.ts): it is the hottest path of election day.
 */
export function turnoutHandlers(d: TurnoutHandlerDeps) {
  const reject = (code: ErrorCode, opts?: Parameters<typeof errorReply>[1]) => {
    d.countRejection(code);
    return errorReply(code, opts);
  };

  async function single(kind: 'report' | 'correction', req: WriteRequest): Promise<Reply> {
    const key = idempotencyKeySchema.safeParse(req.idempotencyKey);
    if (!key.success) {
      return req.idempotencyKey === undefined
        ? reject('MISSING_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' })
        : reject('INVALID_FIELD', { field: 'Idempotency-Key', detail: zodField(key.error).detail });
    }
    const body = (kind === 'report' ? turnoutReportSchema : turnoutCorrectionSchema).safeParse(req.body);
    if (!body.success) return reject('INVALID_FIELD', zodField(body.error));
    const gate = d.writeGate();
    if (gate) return reject(gate);
    const t0 = performance.now();
    const o = await d.turnout.submit(
      req.principal,
      {
        ...body.data,
        idempotencyKey: key.data,
        kind,
        requestId: req.requestId,
      },
      req.ip,
    );
    d.observe(kind, [o], (performance.now() - t0) / 1000);
    return outcomeReply(o);
  }

  async function batch(req: WriteRequest): Promise<Reply> {
    const env = batchEnvelopeSchema.safeParse(req.body);
    if (!env.success) return reject('INVALID_FIELD', zodField(env.error));
    const gate = d.writeGate();
    if (gate) return reject(gate);
    // Results are assembled as JSON text: accepted answers are already JSON (as stored for their keys), and
    // parsing and re-serialising a thousand of them per batch costs more than the Redis step.
    const results: string[] = new Array(env.data.reports.length);
    const valid: { index: number; s: TurnoutSubmission }[] = [];
    let accepted = 0;
    env.data.reports.forEach((item, index) => {
      const parsed = batchItemSchema.safeParse(item);
      if (parsed.success) {
        const { pollingAreaId, voted, at, idempotencyKey } = parsed.data;
        // The request id names the sender (one per batch); the item's place rides beside it (history: "rid#17").
        const requestPart = `#${index}`;
        valid.push({
          index,
          s: { pollingAreaId, voted, at, idempotencyKey, kind: 'report', requestId: req.requestId, requestPart },
        });
      } else {
        const r = reject('INVALID_FIELD', zodField(parsed.error));
        results[index] = `{"index":${index},"status":${r.status},"body":${JSON.stringify(r.body)}}`;
      }
    });
    // The valid items go to Redis in one atomic step; each keeps its own result, in request order.
    const t0 = performance.now();
    const outcomes = await d.turnout.submitMany(
      req.principal,
      valid.map((v) => v.s),
      'turnout:batch',
      req.ip,
    );
    const seconds = (performance.now() - t0) / 1000;
    // Refused as a whole (the instance is saturated): one 503 with Retry-After, as for a single report.
    if (outcomes.length > 0 && outcomes.every((o) => !o.ok && o.code === 'OVERLOADED')) return reject('OVERLOADED');
    d.observe('report', outcomes, seconds);
    valid.forEach((v, j) => {
      const o = outcomes[j]!;
      const head = `{"index":${v.index},"idempotencyKey":${JSON.stringify(v.s.idempotencyKey)}`;
      if (o.ok) {
        accepted++;
        // A batch answers each item's replay in the item, since there is no per-item header.
        results[v.index] = `${head},"status":201,"replayed":${o.replayed},"body":${o.json}}`;
      } else {
        const r = errorReply(o.code, { status: o.status, detail: o.detail });
        results[v.index] = `${head},"status":${r.status},"body":${JSON.stringify(r.body)}}`;
      }
    });
    const json = `{"accepted":${accepted},"rejected":${results.length - accepted},"results":[${results.join(',')}]}`;
    return { status: 200, json };
  }

  return { single, batch };
}
export type TurnoutHandlers = ReturnType<typeof turnoutHandlers>;
