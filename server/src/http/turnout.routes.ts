import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type { ErrorCode } from '@ecc/shared';
import {
  apiError,
  batchEnvelopeSchema,
  batchItemSchema,
  idempotencyKeySchema,
  pollingAreaIdSchema,
  turnoutCorrectionSchema,
  turnoutReportSchema,
} from '@ecc/shared';
import type { SubmitOutcome, TurnoutService, TurnoutSubmission } from '../services/turnout.service.js';
import type { Principal } from '../store/tokens.store.js';
import type { TurnoutStore } from '../store/turnout.store.js';
import { sendError, zodField } from './errors.js';

export interface TurnoutRouteDeps {
  turnout: TurnoutService;
  store: TurnoutStore;
  /** Null when reports may be accepted; otherwise why not (persistence off). */
  writeGate: () => ErrorCode | null;
  defaultElection: string;
  /** Authenticates reporters; applied to the write routes only. */
  auth: RequestHandler;
  /** Metrics hook: every submission's outcome and its store time. */
  observe: (kind: 'report' | 'correction', o: SubmitOutcome, seconds: number) => void;
  /** Metrics hook: rejections before the store step (malformed body, missing key, persistence off). */
  countRejection: (code: ErrorCode) => void;
}

async function submitObserved(d: TurnoutRouteDeps, p: Principal, s: TurnoutSubmission): Promise<SubmitOutcome> {
  const t0 = performance.now();
  const o = await d.turnout.submit(p, s);
  d.observe(s.kind, o, (performance.now() - t0) / 1000);
  return o;
}

type ItemResult = { status: number; body: unknown; replayed?: boolean };

function outcomeToResult(o: SubmitOutcome): ItemResult {
  if (o.ok) return { status: 201, body: o.body, replayed: o.replayed };
  return { status: o.status, body: { error: apiError(o.code, undefined, o.detail) } };
}

/** Thin transport: parse with the shared schemas, call the service, reply. */
export function turnoutRoutes(d: TurnoutRouteDeps): Router {
  const r = Router();

  const single =
    (schema: typeof turnoutReportSchema | typeof turnoutCorrectionSchema, kind: 'report' | 'correction') =>
    async (req: Request, res: Response) => {
      const reject = (code: ErrorCode, opts?: Parameters<typeof sendError>[2]) => {
        d.countRejection(code);
        sendError(res, code, opts);
      };
      if (!req.is('application/json')) return reject('UNSUPPORTED_MEDIA_TYPE');
      const key = idempotencyKeySchema.safeParse(req.header('idempotency-key'));
      if (!key.success) {
        return req.header('idempotency-key') === undefined
          ? reject('MISSING_IDEMPOTENCY_KEY', { field: 'Idempotency-Key' })
          : reject('INVALID_FIELD', { field: 'Idempotency-Key', detail: zodField(key.error).detail });
      }
      const body = schema.safeParse(req.body);
      if (!body.success) return reject('INVALID_FIELD', zodField(body.error));
      const gate = d.writeGate();
      if (gate) return reject(gate);
      const p = res.locals.principal as Principal;
      const o = await submitObserved(d, p, {
        ...body.data,
        idempotencyKey: key.data,
        kind,
        requestId: res.locals.requestId as string,
      });
      if (!o.ok) return sendError(res, o.code, { status: o.status, detail: o.detail });
      if (o.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json(o.body);
    };

  r.post('/turnout', d.auth, single(turnoutReportSchema, 'report'));
  r.post('/turnout/corrections', d.auth, single(turnoutCorrectionSchema, 'correction'));

  r.post('/turnout/batch', d.auth, async (req, res) => {
    if (!req.is('application/json')) return sendError(res, 'UNSUPPORTED_MEDIA_TYPE');
    const env = batchEnvelopeSchema.safeParse(req.body);
    if (!env.success) return sendError(res, 'INVALID_FIELD', zodField(env.error));
    const gate = d.writeGate();
    if (gate) return sendError(res, gate);
    const p = res.locals.principal as Principal;
    const rid = res.locals.requestId as string;
    const results: ({ index: number; idempotencyKey?: string } & ItemResult)[] = new Array(env.data.reports.length);
    const valid: { index: number; s: TurnoutSubmission }[] = [];
    env.data.reports.forEach((item, index) => {
      const parsed = batchItemSchema.safeParse(item);
      if (parsed.success) {
        const { idempotencyKey, ...report } = parsed.data;
        valid.push({ index, s: { ...report, idempotencyKey, kind: 'report', requestId: `${rid}#${index}` } });
      } else {
        d.countRejection('INVALID_FIELD');
        const { field, detail } = zodField(parsed.error);
        results[index] = { index, status: 400, body: { error: apiError('INVALID_FIELD', field, detail) } };
      }
    });
    // The valid items go to Redis in one atomic step; each keeps its own result, in request order.
    const t0 = performance.now();
    const outcomes = await d.turnout.submitMany(
      p,
      valid.map((v) => v.s),
    );
    const seconds = (performance.now() - t0) / 1000;
    valid.forEach((v, j) => {
      d.observe('report', outcomes[j]!, seconds);
      results[v.index] = { index: v.index, idempotencyKey: v.s.idempotencyKey, ...outcomeToResult(outcomes[j]!) };
    });
    const accepted = results.filter((x) => x.status === 201).length;
    res.status(200).json({ accepted, rejected: results.length - accepted, results });
  });

  r.get('/areas/:id/turnout/history', async (req, res) => {
    const id = pollingAreaIdSchema.safeParse(req.params.id);
    if (!id.success) return sendError(res, 'INVALID_FIELD', { field: 'id' });
    const election = typeof req.query.election === 'string' ? req.query.election : d.defaultElection;
    const entries = await d.store.history(election, id.data);
    res.json({ pollingAreaId: id.data, entries });
  });

  return r;
}
