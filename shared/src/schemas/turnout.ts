import { z } from 'zod';
import { pollingAreaIdSchema } from './reference.js';

/** ISO-8601 with an explicit offset: a report's time must be unambiguous across time zones. */
export const offsetDateTimeSchema = z.iso.datetime({ offset: true, local: false });

export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : -');

/** Cumulative voters who have voted in the area at time `at`. */
export const turnoutReportSchema = z.strictObject({
  pollingAreaId: pollingAreaIdSchema,
  voted: z.number().int().min(0).max(1_000_000),
  at: offsetDateTimeSchema,
});
export type TurnoutReport = z.infer<typeof turnoutReportSchema>;

/** A correction may lower or raise the count; it always carries a reason and is kept as history. */
export const turnoutCorrectionSchema = turnoutReportSchema.extend({
  reason: z.string().trim().min(5).max(500),
});
export type TurnoutCorrection = z.infer<typeof turnoutCorrectionSchema>;

export const MAX_BATCH = 1000;

export const batchItemSchema = turnoutReportSchema.extend({ idempotencyKey: idempotencyKeySchema });
export type BatchItem = z.infer<typeof batchItemSchema>;

/** Items are validated one by one so that one malformed item rejects only itself. */
export const batchEnvelopeSchema = z.strictObject({
  reports: z.array(z.unknown()).min(1).max(MAX_BATCH),
});

export const turnoutAcceptedSchema = z.object({
  pollingAreaId: z.string(),
  voted: z.number(),
  at: z.string(),
  kind: z.enum(['report', 'correction']),
  areaSeq: z.number(),
  receivedAt: z.string(),
});
export type TurnoutAccepted = z.infer<typeof turnoutAcceptedSchema>;
