import { z } from 'zod';
import { countingDecisionSchema, countingProgressSchema, countingRecordSchema } from '@ecc/shared';

/** The counting and results paths of the OpenAPI document (openapi.ts merges them), from the same zod schemas. */
const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const ok = (description = 'OK') => ({ description });
const idem = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per write; a retry with the same key and body is answered with the original response.',
  schema: { type: 'string', minLength: 8, maxLength: 128 },
};
const election = { name: 'election', in: 'query', required: false, schema: { type: 'string' } };
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const security = [{ bearer: [] }, { session: [], csrf: [] }];
const writeErrors = {
  400: ok('Malformed body or missing Idempotency-Key'),
  401: ok('Not authenticated'),
  403: ok('Role or jurisdiction does not allow it (audited)'),
  404: ok('Unknown polling area or unit'),
  409: ok('Polls not closed, record exists / confirmed / not submitted, or a newer version exists'),
  422: ok('A §2.7 identity is broken (the code names it), or the key was reused with another body'),
  503: ok('Store unavailable or persistence off; retry'),
};
const written = { 201: ok('Accepted (or replayed): {pollingAreaId, contest, version, state, flags, receivedAt}') };

export const countingPaths = {
  '/api/v1/counting/progress': {
    post: {
      summary: 'A polling team has begun counting one contest (only after its polls closed)',
      security,
      parameters: [idem],
      requestBody: { required: true, content: json(countingProgressSchema) },
      responses: { ...written, ...writeErrors },
    },
  },
  '/api/v1/counting/records': {
    post: {
      summary: 'A counting record (§2.6); a correction carries reason and baseVersion and becomes a new version',
      security,
      parameters: [idem],
      requestBody: { required: true, content: json(countingRecordSchema) },
      responses: { ...written, ...writeErrors },
    },
  },
  '/api/v1/counting/records/{area}/{contest}/decision': {
    post: {
      summary: 'The unit’s Election Board confirms a version, or returns it with a reason',
      security,
      parameters: [path('area', 'polling area id'), path('contest', 'na, pc or cc'), idem],
      requestBody: { required: true, content: json(countingDecisionSchema) },
      responses: { ...written, ...writeErrors },
    },
  },
  '/api/v1/counting/records/{area}/{contest}': {
    get: {
      summary: 'A record’s state and every version and decision, oldest first',
      parameters: [path('area', 'polling area id'), path('contest', 'na, pc or cc'), election],
      responses: { 200: ok(), 400: ok('Bad id') },
    },
  },
  '/api/v1/counting/areas/{area}': {
    get: {
      summary: 'A polling area’s units, list sizes, closing time and its three records’ states',
      parameters: [path('area', 'polling area id'), election],
      responses: { 200: ok(), 404: ok('Unknown polling area') },
    },
  },
  '/api/v1/counting/scopes/{scope}': {
    get: {
      summary: 'Counting progress of a scope for one contest, with each child',
      parameters: [
        path('scope', '`nation`, `province:{code}` or `commune:{code}`'),
        { name: 'contest', in: 'query', schema: { type: 'string', enum: ['na', 'pc', 'cc'] } },
        election,
      ],
      responses: { 200: ok(), 404: ok('Unknown scope') },
    },
  },
  '/api/v1/counting/units/{unit}': {
    get: {
      summary: 'A unit’s provisional and confirmed results with the §2.8 winners, flags and its areas',
      parameters: [path('unit', 'electoral unit id'), election],
      responses: { 200: ok(), 404: ok('Unknown unit') },
    },
  },
  '/api/v1/counting/units/{unit}/record.pdf': {
    get: {
      summary: 'The Election Board’s unit result record (§2.9), printable PDF',
      parameters: [path('unit', 'electoral unit id'), election],
      responses: { 200: { description: 'PDF', content: { 'application/pdf': {} } }, 404: ok('Unknown unit') },
    },
  },
  '/api/v1/results/feed': {
    get: {
      summary: 'Every results change after sequence `since`, the same for everyone; full pages cacheable for good',
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'integer', minimum: 0 } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
        election,
      ],
      responses: {
        200: ok('{election, since, next, entries}'),
        410: ok(
          'FEED_TRIMMED: the feed keeps the last RESULTS_FEED_MAXLEN changes; detail {oldest, latest, export}: take the export, then follow from `latest`',
        ),
      },
    },
  },
  '/api/v1/results/export': {
    get: {
      summary: 'Results as CSV or XLSX by polling area, unit or province; formula-like cells neutralised',
      parameters: [
        { name: 'level', in: 'query', schema: { type: 'string', enum: ['area', 'unit', 'province'] } },
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx'] } },
        { name: 'scope', in: 'query', schema: { type: 'string' } },
        { name: 'contest', in: 'query', schema: { type: 'string', enum: ['na', 'pc', 'cc'] } },
        { name: 'layer', in: 'query', schema: { type: 'string', enum: ['provisional', 'confirmed'] } },
        election,
      ],
      responses: { 200: ok('The file'), 400: ok('Bad parameter') },
    },
  },
};
