import { z } from 'zod';
import { contestSchema, electionSchema, isoDateSchema } from './election.js';

export const provinceCodeSchema = z.string().regex(/^\d{2}$/);
export const communeCodeSchema = z.string().regex(/^\d{5}$/);
/** Polling-area ids are `{communeCode}-{nnnn}` so a commune's areas share a prefix (cheap scope filters). */
export const pollingAreaIdSchema = z.string().regex(/^\d{5}-\d{4}$/, 'commune code, dash, 4 digits');
export const unitIdSchema = z.string().regex(/^(na|pc|cc)-[0-9a-z-]{2,24}$/);

export const provinceSchema = z.object({
  code: provinceCodeSchema,
  name: z.string(),
  fullName: z.string(),
  nameAscii: z.string(),
});
export type Province = z.infer<typeof provinceSchema>;

export const communeSchema = z.object({
  code: communeCodeSchema,
  name: z.string(),
  fullName: z.string(),
  type: z.enum(['xã', 'phường', 'đặc khu']),
  provinceCode: provinceCodeSchema,
  nameAscii: z.string(),
});
export type Commune = z.infer<typeof communeSchema>;

export const registeredSchema = z.object({
  na: z.number().int().min(0),
  pc: z.number().int().min(0),
  cc: z.number().int().min(0),
});
export type Registered = z.infer<typeof registeredSchema>;

export const pollingAreaSchema = z.object({
  id: pollingAreaIdSchema,
  communeCode: communeCodeSchema,
  provinceCode: provinceCodeSchema,
  number: z.number().int().min(1),
  name: z.string(),
  address: z.string(),
  kind: z.enum(['regular', 'separate', 'armed-forces']),
  /** Voters on the list per contest (§1.3: not every voter gets every ballot). `na` is the list total. */
  registered: registeredSchema,
  /** Local date the area votes: the election date, or an earlier date approved for early voting (§2.2). */
  votingDate: isoDateSchema,
  units: z.object({ na: unitIdSchema, pc: unitIdSchema, cc: unitIdSchema }),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
export type PollingArea = z.infer<typeof pollingAreaSchema>;

export const electoralUnitSchema = z.object({
  id: unitIdSchema,
  contest: contestSchema,
  provinceCode: provinceCodeSchema,
  /** Set for commune-council units, which subdivide one commune (§1.2). */
  communeCode: communeCodeSchema.optional(),
  number: z.number().int().min(1),
  name: z.string(),
  seats: z.number().int().min(1).max(5),
});
export type ElectoralUnit = z.infer<typeof electoralUnitSchema>;

export const candidateSchema = z.object({
  id: z.string().regex(/^c-[0-9a-z-]{2,40}$/),
  unitId: unitIdSchema,
  fullName: z.string(),
  birthDate: isoDateSchema,
  gender: z.enum(['male', 'female']),
  ethnicity: z.string(),
  occupation: z.string(),
  nomination: z.enum(['central', 'local', 'self']),
  /** Nơi công tác (issue 9 dossiers). */
  workplace: z.string().optional(),
  /** The photo's file name as the committee gave it; the bytes are uploaded separately. */
  photo: z.string().optional(),
  /** A withdrawn candidate stays on record with why and when (kept as history, issue 9). */
  withdrawal: z
    .object({ reason: z.string().min(1).max(500), date: isoDateSchema, by: z.string(), at: z.string() })
    .optional(),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const referenceDataSchema = z.object({
  election: electionSchema,
  provinces: z.array(provinceSchema),
  communes: z.array(communeSchema),
  areas: z.array(pollingAreaSchema),
  units: z.array(electoralUnitSchema),
  candidates: z.array(candidateSchema),
});
export type ReferenceData = z.infer<typeof referenceDataSchema>;
