import { z } from 'zod';

/** The three contests held on one day (§1.1). Keys are short because they appear in every Redis key and payload. */
export const CONTESTS = ['na', 'pc', 'cc'] as const;
export const contestSchema = z.enum(CONTESTS);
export type Contest = z.infer<typeof contestSchema>;

export const electionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lowercase letters, digits and dashes');

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/**
 * An election held in one installation: the general election, a by-election, a re-vote, an additional vote or a drill.
 * `mode: 'simulation'` lets reports carry a simulated clock (drills, replays); live elections reject reports from the future.
 */
export const electionSchema = z.object({
  id: electionIdSchema,
  name: z.string().min(1).max(200),
  kind: z.enum(['general', 'by-election', 're-vote', 'additional', 'drill']),
  mode: z.enum(['live', 'simulation']),
  date: isoDateSchema,
  timezone: z.literal('Asia/Ho_Chi_Minh'),
  contests: z.array(contestSchema).min(1),
  /** Voting window bounds in local time (§2.1: not before 05:00, not after 21:00). */
  windowOpen: localTimeSchema,
  windowClose: localTimeSchema,
  /** Local times at which every open polling area is expected to have reported (§3.1 practice). */
  checkpoints: z.array(localTimeSchema),
  /** Minutes after a checkpoint before an area that has not reported counts as silent. */
  silentGraceMinutes: z.number().int().min(0).max(120),
  /** Where the election stands (issue 9); absent on elections written before it = 'draft'. See ELECTION_STATUSES. */
  status: z.enum(['draft', 'locked', 'voting', 'closed']).optional(),
  /** Last voting day when the election spans several days (early voting is per area); defaults to `date`. */
  endDate: isoDateSchema.optional(),
  /** A re-vote or additional vote: the finished election and the unit it repeats (§2.8). */
  parent: z.object({ election: z.string(), unit: z.string() }).optional(),
});
export type Election = z.infer<typeof electionSchema>;

/**
 * The life of an election's reference data: `draft` (imports and edits freely) → `locked` (reference data locked
 * when voting starts: edits need a reason and are audited) → `voting` → `closed` (finished: re-votes and additional
 * votes may be created from its units). An election never goes back.
 */
export const ELECTION_STATUSES = ['draft', 'locked', 'voting', 'closed'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];
export const ELECTION_KINDS = ['general', 'by-election', 're-vote', 'additional', 'drill'] as const;
export type ElectionKind = (typeof ELECTION_KINDS)[number];

export function statusOf(e: Pick<Election, 'status'>): ElectionStatus {
  return e.status ?? 'draft';
}

/** Reference data is locked from `locked` on: changes then need a reason (and are audited). */
export function isReferenceLocked(e: Pick<Election, 'status'>): boolean {
  return statusOf(e) !== 'draft';
}
