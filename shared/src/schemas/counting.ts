import { z } from 'zod';
import { contestSchema } from './election.js';
import { candidateSchema, pollingAreaIdSchema } from './reference.js';
import { offsetDateTimeSchema } from './turnout.js';

const count = z.number().int().min(0).max(1_000_000);
const personName = z.string().trim().min(2).max(100);

/**
 * The polling team's counting record (biên bản kết quả kiểm phiếu, election-vn.md §2.6), one per contest per
 * polling area. Percentages are not sent: they are derived (§2.5) so they can never disagree with the counts.
 * `at` is when the team completed the record (for the "polls closed" check, §2.1, and simulated clocks).
 */
export const countingRecordSchema = z.strictObject({
  pollingAreaId: pollingAreaIdSchema,
  contest: contestSchema,
  at: offsetDateTimeSchema,
  /** §2.6 field 3: voters of this contest on the area's list (§1.3: differs per contest). */
  voters: count,
  /** §2.6 field 4 */
  voted: count,
  /** §2.6 field 5: ballots issued (spoiled ballots exchanged excluded). */
  issued: count,
  /** §2.6 field 6: ballots taken from the boxes. */
  received: count,
  /** §2.6 fields 7–8 */
  valid: count,
  invalid: count,
  /** §2.6 field 9: every candidate of the area's unit for this contest, once. */
  votes: z
    .array(z.strictObject({ candidateId: candidateSchema.shape.id, votes: count }))
    .min(1)
    .max(15),
  /** §2.5/§2.7 optional tally groups: element k-1 = valid ballots that kept k names (1 ≤ k ≤ seats). */
  byNamesKept: z.array(count).min(1).max(5).optional(),
  /** §2.6 field 10 */
  complaints: z
    .strictObject({ received: count, resolved: count, forwarded: count })
    .default({ received: 0, resolved: 0, forwarded: 0 }),
  /** §2.6 fields 2 and 11: who signs (head, secretary, the two witnesses). */
  team: z
    .strictObject({ head: personName, secretary: personName, witnesses: z.tuple([personName, personName]) })
    .optional(),
  note: z.string().trim().max(1000).optional(),
  /** A correction (a new version of an existing record) says why, and which version it replaces. */
  reason: z.string().trim().min(5).max(500).optional(),
  baseVersion: z.number().int().min(1).optional(),
});
export type CountingRecord = z.infer<typeof countingRecordSchema>;

/** Counting progress of one record, in order (§2.5–2.6 workflow; "returned" goes back to the team). */
export const COUNTING_STATES = ['not-started', 'counting', 'submitted', 'confirmed', 'returned'] as const;
export type CountingState = (typeof COUNTING_STATES)[number];

/** The polling team says counting has begun in its area (§2.5: right after voting ends). */
export const countingProgressSchema = z.strictObject({
  pollingAreaId: pollingAreaIdSchema,
  contest: contestSchema,
  state: z.literal('counting'),
  at: offsetDateTimeSchema,
});
export type CountingProgress = z.infer<typeof countingProgressSchema>;

/** The Election Board's decision on one version of a record: confirm it, or return it with a reason. */
export const countingDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm'), version: z.number().int().min(1), at: offsetDateTimeSchema }),
  z.strictObject({
    action: z.literal('return'),
    version: z.number().int().min(1),
    at: offsetDateTimeSchema,
    reason: z.string().trim().min(5).max(500),
  }),
]);
export type CountingDecision = z.infer<typeof countingDecisionSchema>;

/**
 * Counting figures of one scope and contest (nation, province, commune, electoral unit, polling area), the wire
 * order of the compact form. `voters…invalid` add up the records that count provisionally (submitted or
 * confirmed), `c*` only the confirmed ones; `counting…returned` count areas by state, `areas` is expected.
 */
export const COUNT_FIELDS = [
  'areas',
  'counting',
  'submitted',
  'confirmed',
  'returned',
  'flagged',
  'voters',
  'voted',
  'issued',
  'received',
  'valid',
  'invalid',
  'cvoters',
  'cvoted',
  'cissued',
  'creceived',
  'cvalid',
  'cinvalid',
  'lastAt',
  'seq',
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export type CountFigures = Record<CountField, number>;

export function countFiguresFromArray(a: readonly number[]): CountFigures {
  const f = {} as CountFigures;
  COUNT_FIELDS.forEach((k, i) => (f[k] = a[i] ?? 0));
  return f;
}

export const countFiguresSchema = z.object(
  Object.fromEntries(COUNT_FIELDS.map((k) => [k, z.number().int().min(0)])) as Record<CountField, z.ZodNumber>,
);

/** Live counting scopes: `count:{contest}:{nation | province:XX | commune:XXXXX | unit:ID}`. */
export const countingScopeSchema = z
  .string()
  .regex(/^count:(na|pc|cc):(nation|province:\d{2}|commune:\d{5}|unit:(na|pc|cc)-[0-9a-z-]{2,24})$/);

export function parseCountingScope(scope: string): { contest: 'na' | 'pc' | 'cc'; inner: string } | null {
  if (!countingScopeSchema.safeParse(scope).success) return null;
  return { contest: scope.slice(6, 8) as 'na' | 'pc' | 'cc', inner: scope.slice(9) };
}
