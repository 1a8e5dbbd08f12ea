import { z } from 'zod';
import { incidentActionSchema, incidentReportSchema } from '@ecc/shared';

/** The incident paths of the OpenAPI document (openapi.ts merges them), from the same zod schemas. */
const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const ok = (description = 'OK') => ({ description });
const security = [{ bearer: [] }, { session: [], csrf: [] }];
const id = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'incident number, e.g. 01-00427',
  schema: { type: 'string' },
};
const readErrors = {
  401: ok('Not signed in (incidents are never public)'),
  403: ok('Outside the caller’s jurisdiction'),
  404: ok('Unknown incident'),
};

export const incidentPaths = {
  '/api/v1/incidents': {
    post: {
      summary: 'Report an incident (§6): JSON, or multipart with the report as field `incident` and up to 3 `photos`',
      security,
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Fixed when the report is made; a retry returns the same incident (Idempotent-Replayed: true).',
          schema: { type: 'string', minLength: 8, maxLength: 128 },
        },
      ],
      requestBody: {
        required: true,
        content: {
          ...json(incidentReportSchema),
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                incident: { type: 'string', description: 'the report as JSON' },
                photos: { type: 'array', maxItems: 3, items: { type: 'string', format: 'binary' } },
              },
              required: ['incident'],
            },
          },
        },
      },
      responses: {
        201: ok('Filed (or replayed): {id, incident}'),
        400: ok('A field is missing or malformed (the error names it), or more than 3 photos'),
        401: ok('Not authenticated'),
        403: ok('Role or jurisdiction does not allow it (audited)'),
        404: ok('Unknown polling area or commune'),
        413: ok('A photo is larger than 5 MB'),
        415: ok('A photo is not JPEG, PNG or WebP (checked from its bytes), or the body is neither JSON nor multipart'),
        422: ok('The Idempotency-Key was used with another report'),
        503: ok('Store unavailable or persistence off; retry'),
      },
    },
    get: {
      summary: 'A scope’s incidents (newest first), counts by state:severity and the feed sequence',
      security,
      parameters: [
        {
          name: 'scope',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'default: own jurisdiction',
        },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      ],
      responses: { 200: ok(), ...readErrors },
    },
  },
  '/api/v1/incidents/{id}': {
    get: {
      summary: 'An incident with its timeline, deadlines and likely duplicates',
      security,
      parameters: [id],
      responses: { 200: ok(), ...readErrors },
    },
  },
  '/api/v1/incidents/{id}/events': {
    post: {
      summary: 'A triage step: transition, duplicate (merge), claim, unclaim, assign, comment, severity',
      security,
      parameters: [id],
      requestBody: { required: true, content: json(incidentActionSchema) },
      responses: {
        200: ok('{version, incident}'),
        400: ok('Malformed step (the error names the field)'),
        ...readErrors,
        409: ok('Not allowed from the current state, changed meanwhile (version), or claimed by someone else'),
      },
    },
  },
  '/api/v1/incidents/{id}/photos/{sha256}': {
    get: {
      summary: 'A photo of the incident, with the type checked at upload, nosniff and a sandbox CSP',
      security,
      parameters: [id, { name: 'sha256', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: ok(), ...readErrors },
    },
  },
};
