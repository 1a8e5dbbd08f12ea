import { z } from 'zod';
import { LIST_CORRECTION, VOTER_CHANGE_REASON_IDS } from '../domain/voter-roll.js';
import { contestSchema } from './election.js';
import { pollingAreaIdSchema, registeredSchema } from './reference.js';
import { offsetDateTimeSchema } from './turnout.js';

export const voterChangeReasonSchema = z.enum(VOTER_CHANGE_REASON_IDS);

/**
 * A change to one polling area's voter list: how many voters, why, for which contests (default: the reason's,
 * §1.3), effective when (default: now). Counts only: the command center never holds a voter's identity.
 */
export const voterChangeRequestSchema = z.strictObject({
  pollingAreaId: pollingAreaIdSchema,
  reason: voterChangeReasonSchema,
  count: z.number().int().min(1).max(10_000),
  contests: z
    .array(contestSchema)
    .min(1)
    .max(3)
    .refine((c) => c.includes('na'), 'the list total (na) is always part of a change')
    .refine((c) => new Set(c).size === c.length, 'each contest once')
    .optional(),
  effectiveAt: offsetDateTimeSchema.optional(),
  note: z.string().trim().max(500).optional(),
});
export type VoterChangeRequest = z.infer<typeof voterChangeRequestSchema>;

/** Reverting is a compensating change with a reason a person wrote. */
export const voterChangeRevertSchema = z.strictObject({
  note: z.string().trim().min(5).max(500),
  effectiveAt: offsetDateTimeSchema.optional(),
});
export type VoterChangeRevert = z.infer<typeof voterChangeRevertSchema>;

/** A stored change as the API shows it. `delta` is signed per contest; a revert carries the reverted id. */
export const voterChangeSchema = z.object({
  id: z.number().int().min(1),
  pollingAreaId: z.string(),
  communeCode: z.string(),
  provinceCode: z.string(),
  /** A §5 reason, or a correction made in the area's reference data (only ever logged, never requested). */
  reason: z.union([voterChangeReasonSchema, z.literal(LIST_CORRECTION.id)]),
  count: z.number().int(),
  delta: z.object({ na: z.number().int(), pc: z.number().int(), cc: z.number().int() }),
  effectiveAt: z.string(),
  receivedAt: z.string(),
  by: z.string(),
  note: z.string(),
  reverts: z.number().int().optional(),
  revertedBy: z.number().int().optional(),
  /** The area's list after this change, per contest. */
  registeredAfter: registeredSchema,
});
export type VoterChange = z.infer<typeof voterChangeSchema>;

export const voterChangeQuerySchema = z.object({
  scope: z.string().regex(/^(nation|province:\d{2}|commune:\d{5}|area:\d{5}-\d{4})$/),
  from: offsetDateTimeSchema.optional(),
  to: offsetDateTimeSchema.optional(),
  election: z.string().optional(),
  format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
});
export type VoterChangeQuery = z.infer<typeof voterChangeQuerySchema>;
