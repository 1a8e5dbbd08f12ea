import { z } from 'zod';
import { contestSchema, isoDateSchema, localTimeSchema } from './election.js';

/**
 * What the public lookup (/tra-cuu) serves: per-commune snapshots of reference data anyone may read — polling
 * areas, their electoral units, the candidates' published short profiles — and, once confirmed, results.
 * Never a voter, an account, a token or a count that is not published.
 */
export const publicCandidateSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  birthDate: isoDateSchema,
  gender: z.enum(['male', 'female']),
  ethnicity: z.string().optional(),
  occupation: z.string().optional(),
  workplace: z.string().optional(),
  nomination: z.string().optional(),
  photo: z.string().optional(),
});
export type PublicCandidate = z.infer<typeof publicCandidateSchema>;

export const publicUnitSchema = z.object({
  id: z.string(),
  contest: contestSchema,
  number: z.number().int(),
  name: z.string(),
  seats: z.number().int(),
  candidates: z.array(publicCandidateSchema),
});
export type PublicUnit = z.infer<typeof publicUnitSchema>;

export const publicAreaSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  address: z.string(),
  kind: z.enum(['regular', 'separate', 'armed-forces']),
  votingDate: isoDateSchema,
  early: z.boolean(),
  units: z.object({ na: z.string(), pc: z.string(), cc: z.string() }),
});
export type PublicArea = z.infer<typeof publicAreaSchema>;

/** A unit's confirmed result: votes per candidate and who was elected (§2.8). */
export const publicUnitResultSchema = z.object({
  unitId: z.string(),
  candidates: z.array(z.object({ id: z.string(), votes: z.number().int(), elected: z.boolean() })),
});
export type PublicUnitResult = z.infer<typeof publicUnitResultSchema>;

const publicElectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  date: isoDateSchema,
  windowOpen: localTimeSchema,
  windowClose: localTimeSchema,
});

export const publicCommuneSchema = z.object({
  election: publicElectionSchema,
  commune: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  province: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  areas: z.array(publicAreaSchema),
  units: z.record(z.string(), publicUnitSchema),
  /** Confirmed results by unit; null until some are confirmed (or where counting is not wired in). */
  results: z.record(z.string(), publicUnitResultSchema).nullable(),
  builtAt: z.string(),
});
export type PublicCommune = z.infer<typeof publicCommuneSchema>;

/** Every commune with polling areas: [code, full name, province full name], for choosing one by name. */
export const publicCommuneIndexSchema = z.object({
  election: publicElectionSchema,
  communes: z.array(z.tuple([z.string(), z.string(), z.string()])),
});
export type PublicCommuneIndex = z.infer<typeof publicCommuneIndexSchema>;
