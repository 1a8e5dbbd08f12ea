import { z } from 'zod';
import { accountPaths, accountSecuritySchemes } from './openapi-accounts.js';
import { countingPaths } from './openapi-counting.js';
import { incidentPaths } from './openapi-incidents.js';
import { electionPaths } from './openapi-elections.js';
import { voterPaths } from './openapi-voters.js';
import {
  batchItemSchema,
  figuresSchema,
  scopeSchema,
  turnoutAcceptedSchema,
  turnoutCorrectionSchema,
  turnoutReportSchema,
} from '@ecc/shared';

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    detail: z.object({}).optional(),
  }),
});

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const err = (description: string) => ({ description, content: json(errorSchema) });
const idem = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Unique per report; a retry with the same key and body is answered with the original response.',
  schema: { type: 'string', minLength: 8, maxLength: 128 },
};
const scopeParam = {
  name: 'scope',
  in: 'path',
  required: true,
  description: '`nation`, `province:{code}`, `commune:{code}` or `area:{id}`',
  schema: z.toJSONSchema(scopeSchema),
};
const electionParam = { name: 'election', in: 'query', required: false, schema: { type: 'string' } };
const writeErrors = {
  400: err('Malformed body or missing Idempotency-Key'),
  401: err('Missing or invalid bearer token'),
  403: err('Not allowed for this polling area'),
  404: err('Unknown polling area'),
  409: err('Stale, decreasing or conflicting report'),
  413: err('Body over 64 KB'),
  415: err('Not JSON'),
  422: err('Outside the voting window, above registered voters, or key reused with another body'),
  503: err('Store unavailable, persistence off or instance overloaded; retry after Retry-After'),
};
const read = (summary: string, extra: object[] = []) => ({
  get: {
    summary,
    parameters: [scopeParam, electionParam, ...extra],
    responses: {
      200: { description: 'OK' },
      400: err('Bad scope'),
      404: err('Unknown scope'),
      503: err('Store unavailable'),
    },
  },
});
const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } };
const offset = { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } };

/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Election Command Center API', version: '1.0.0' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, ...accountSecuritySchemes },
      schemas: { Figures: z.toJSONSchema(figuresSchema), Error: z.toJSONSchema(errorSchema) },
    },
    paths: {
      ...accountPaths,
      ...countingPaths,
      ...incidentPaths,
      ...electionPaths,
      ...voterPaths,
      '/api/v1/turnout': {
        post: {
          summary: 'Report cumulative turnout of one polling area',
          security: [{ bearer: [] }],
          parameters: [idem],
          requestBody: { required: true, content: json(turnoutReportSchema) },
          responses: {
            201: { description: 'Accepted (or replayed)', content: json(turnoutAcceptedSchema) },
            ...writeErrors,
          },
        },
      },
      '/api/v1/turnout/corrections': {
        post: {
          summary: 'Correct an area’s turnout, with a reason kept in its history',
          security: [{ bearer: [] }],
          parameters: [idem],
          requestBody: { required: true, content: json(turnoutCorrectionSchema) },
          responses: { 201: { description: 'Accepted', content: json(turnoutAcceptedSchema) }, ...writeErrors },
        },
      },
      '/api/v1/turnout/batch': {
        post: {
          summary: 'Up to 1,000 reports, each with its own idempotency key and result',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: json(z.object({ reports: z.array(batchItemSchema).min(1).max(1000) })),
          },
          responses: { 200: { description: 'Per-item results in request order' }, ...writeErrors },
        },
      },
      '/api/v1/areas/{id}/turnout/history': {
        get: {
          summary: 'Every accepted report and correction of an area',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, electionParam],
          responses: { 200: { description: 'OK' }, 400: err('Bad id') },
        },
      },
      '/api/v1/scopes/{scope}': read('Figures of a scope and of each child, with the scope’s sequence number'),
      '/api/v1/scopes/{scope}/series': read('Turnout through the day, with the denominator at each point'),
      '/api/v1/scopes/{scope}/silent': read('Polling areas with no report since the last due checkpoint', [
        limit,
        offset,
      ]),
      '/api/v1/scopes/{scope}/full': read('Polling areas at 100 %', [limit, offset]),
      '/api/v1/scopes/{scope}/units-at-risk': read('Electoral units by turnout, lowest first, with the 50 % rule', [
        { name: 'contest', in: 'query', schema: { type: 'string', enum: ['na', 'pc', 'cc'] } },
        limit,
      ]),
      '/api/v1/elections': {
        get: { summary: 'Elections in this installation', responses: { 200: { description: 'OK' } } },
      },
      '/api/v1/status': {
        get: {
          summary: 'Server instances, Redis persistence and memory, silent reporters by province',
          parameters: [electionParam],
          responses: { 200: { description: 'OK' }, 503: err('Store unavailable') },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics of this instance', responses: { 200: { description: 'OK' } } },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OK' } } } },
      '/healthz': { get: { summary: 'Process alive', responses: { 200: { description: 'OK' } } } },
      '/readyz': {
        get: {
          summary: 'Redis reachable, persistence as required, scripts loaded, subscribed',
          responses: { 200: { description: 'Ready' }, 503: err('Not ready') },
        },
      },
    },
  };
}
