import { candidateSchema, countFiguresSchema, electoralUnitSchema } from '@ecc/shared';
import type { CountingDecision, CountingRecord } from '@ecc/shared';
import { z } from 'zod';
import { csrfToken } from '$lib/auth/auth-api';
import { API_BASE, ApiError, getJson } from '$lib/live/api';

/** Counting reads and writes for the entry form, the board's review and the unit results (bodies parsed, not cast). */
const stateSchema = z.enum(['not-started', 'counting', 'submitted', 'confirmed', 'returned']);

const areaSchema = z.object({
  pollingAreaId: z.string(),
  name: z.string(),
  votingDate: z.string(),
  pollsCloseAt: z.string(),
  units: z.object({ na: z.string(), pc: z.string(), cc: z.string() }),
  registered: z.object({ na: z.number(), pc: z.number(), cc: z.number() }),
  records: z.record(z.string(), z.object({ state: stateSchema, version: z.number(), flags: z.array(z.string()) })),
});
export type AreaView = z.infer<typeof areaSchema>;

const candidateResultSchema = z.object({
  id: z.string(),
  votes: z.number(),
  birthDate: z.string(),
  share: z.number(),
  qualifies: z.boolean(),
  elected: z.boolean(),
});
const outcomeSchema = z.object({
  totals: z.object({
    voters: z.number(),
    voted: z.number(),
    issued: z.number(),
    received: z.number(),
    valid: z.number(),
    invalid: z.number(),
  }),
  turnoutRecognised: z.boolean(),
  revote: z.boolean(),
  candidates: z.array(candidateResultSchema),
  elected: z.array(z.string()),
  tieDecidedByAge: z.boolean(),
  tieUnresolved: z.array(z.string()),
  unfilled: z.number(),
  additionalVote: z.boolean(),
  validShare: z.number(),
  invalidShare: z.number(),
  turnoutShare: z.number(),
  anomalies: z.array(z.string()),
});
export type UnitOutcomeView = z.infer<typeof outcomeSchema>;

const unitSchema = z.object({
  unit: electoralUnitSchema,
  registered: z.number(),
  candidates: z.array(candidateSchema),
  figures: countFiguresSchema,
  complete: z.boolean(),
  provisional: outcomeSchema,
  confirmed: outcomeSchema,
  areas: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: stateSchema,
      version: z.number(),
      flags: z.array(z.string()),
      anomalies: z.array(z.string()),
      numbers: z.array(z.number()).nullable(),
      votes: z.record(z.string(), z.number()).nullable(),
    }),
  ),
});
export type UnitView = z.infer<typeof unitSchema>;

const recordSchema = z.object({
  pollingAreaId: z.string(),
  contest: z.string(),
  state: stateSchema,
  version: z.number(),
  flags: z.array(z.string()),
  history: z.array(
    z.object({
      act: z.string(),
      version: z.number(),
      receivedAt: z.string(),
      by: z.string(),
      role: z.string(),
      at: z.string(),
      flags: z.array(z.string()),
      record: z.unknown(),
      reason: z.string(),
    }),
  ),
});
export type RecordView = z.infer<typeof recordSchema>;

const writeSchema = z.object({ version: z.number(), state: stateSchema, flags: z.array(z.string()) });
export type WriteAnswer = z.infer<typeof writeSchema>;

const q = (election: string) => `?${new URLSearchParams({ election })}`;
export const countingApi = {
  area: (election: string, id: string) => getJson(`/counting/areas/${id}${q(election)}`, areaSchema, fetch),
  unit: (election: string, id: string) => getJson(`/counting/units/${id}${q(election)}`, unitSchema, fetch),
  record: (election: string, id: string, contest: string) =>
    getJson(`/counting/records/${id}/${contest}${q(election)}`, recordSchema, fetch),
  submit: (r: CountingRecord) => write('/counting/records', r),
  progress: (areaId: string, contest: string, at: string) =>
    write('/counting/progress', { pollingAreaId: areaId, contest, state: 'counting', at }),
  decide: (areaId: string, contest: string, d: CountingDecision) =>
    write(`/counting/records/${areaId}/${contest}/decision`, d),
};

/** A refused write: the server's "Vietnamese / English" sentence and the field it names. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

/** Session writes: CSRF token from the cookie, a fresh idempotency key per attempt kept across a retry. */
async function write(path: string, body: unknown): Promise<WriteAnswer> {
  const key = `web-${crypto.randomUUID()}`;
  let res: Response | null = null;
  for (let attempt = 0; attempt < 3 && !res; attempt++) {
    try {
      res = await fetch(API_BASE + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-csrf-token': csrfToken(),
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
      if (res.status === 503) res = null;
    } catch {
      res = null; // the network dropped: the same key makes the retry safe
    }
  }
  if (!res) throw new ApiError('failed', 'network');
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = z
      .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
      .safeParse(json);
    throw new WriteError(
      e.success ? e.data.error.message : `HTTP ${res.status}`,
      e.success ? e.data.error.code : '',
      e.success ? e.data.error.field : undefined,
    );
  }
  return writeSchema.parse(json);
}
