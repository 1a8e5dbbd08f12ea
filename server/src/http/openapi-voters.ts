import { z } from 'zod';
import { voterChangeRequestSchema, voterChangeRevertSchema, voterChangeSchema } from '@ecc/shared';

/** The voter-list change and report paths of the OpenAPI document (openapi.ts merges them). */
const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const ok = (description = 'OK') => ({ description });
const security = [{ bearer: [] }, { session: [], csrf: [] }];
const idem = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per change; a retry with the same key and body is answered with the original change.',
  schema: { type: 'string', minLength: 8, maxLength: 128 },
};
const q = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});
const writeResponses = {
  201: { description: 'Applied (or replayed)', content: json(voterChangeSchema) },
  400: ok('Malformed body or missing Idempotency-Key'),
  401: ok('Not signed in'),
  403: ok('Role or jurisdiction does not allow it (audited)'),
  404: ok('Unknown polling area or change'),
  409: ok('REGISTERED_BELOW_VOTED, ALREADY_REVERTED'),
  422: ok('POLLS_CLOSED, CHANGE_IN_FUTURE, CONTEST_EXCEEDS_LIST, IDEMPOTENCY_KEY_REUSED'),
  503: ok('Store unavailable or persistence off'),
};
const scopeQuery = q('scope', '`nation`, `province:{code}`, `commune:{code}` or `area:{id}`', true);
const period = [
  q('from', 'ISO-8601 with offset: effective on or after'),
  q('to', 'ISO-8601 with offset: on or before'),
];

const election = q('election', 'election id (default: the server’s live election)');
const notAllowed = { 405: ok('Anything but GET or HEAD (the public lookup is read-only)') };

export const voterPaths = {
  '/api/v1/public/communes': {
    get: {
      summary: 'Public lookup: every commune with polling areas (no sign-in; cached, ETag, gzip)',
      parameters: [election],
      responses: { 200: ok(), 304: ok('Not modified'), 404: ok('Unknown election'), ...notAllowed },
    },
  },
  '/api/v1/public/communes/{code}': {
    get: {
      summary:
        'Public lookup: a commune’s polling areas, units per contest, candidates’ short profiles, confirmed results',
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{5}$' } },
        election,
      ],
      responses: { 200: ok(), 304: ok('Not modified'), 404: ok('Unknown commune'), ...notAllowed },
    },
  },
  '/api/v1/posters/areas/{id}': {
    get: {
      summary: 'A4 PDF poster of a polling area with the QR code of its public page (§5: posted beside the list)',
      security,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: ok('application/pdf'), 401: ok('Not signed in'), 403: ok('Outside your jurisdiction') },
    },
  },
  '/api/v1/posters/communes/{code}': {
    get: {
      summary: 'Every polling area of a commune, one A4 poster page each',
      security,
      parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: ok('application/pdf'), 401: ok('Not signed in'), 403: ok('Outside your jurisdiction') },
    },
  },
  '/api/v1/voter-changes': {
    post: {
      summary: 'Add or remove voters of one polling area’s list, by reason and contest (§5), until its polls close',
      security,
      parameters: [idem],
      requestBody: { required: true, content: json(voterChangeRequestSchema) },
      responses: writeResponses,
    },
    get: {
      summary: 'The changes inside a scope (your jurisdiction), by effective time',
      security,
      parameters: [scopeQuery, ...period],
      responses: { 200: ok(), 400: ok('Bad query'), 401: ok('Not signed in'), 403: ok('Outside your jurisdiction') },
    },
  },
  '/api/v1/voter-changes/{id}/revert': {
    post: {
      summary: 'Revert a change with a compensating change (once)',
      security,
      parameters: [idem, { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      requestBody: { required: true, content: json(voterChangeRevertSchema) },
      responses: writeResponses,
    },
  },
  '/api/v1/voter-changes/report': {
    get: {
      summary: 'Voter-change report of a scope for a period: rows by province, commune or polling area',
      security,
      parameters: [scopeQuery, ...period, { name: 'format', in: 'query', schema: { enum: ['json', 'xlsx', 'pdf'] } }],
      responses: { 200: ok('JSON, XLSX or PDF'), 401: ok('Not signed in'), 403: ok('Outside your jurisdiction') },
    },
  },
};
