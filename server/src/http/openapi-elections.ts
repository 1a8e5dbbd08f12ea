import { z } from 'zod';
import { newElectionSchema } from '../services/elections-admin.service.js';
import { areaPatchSchema, withdrawSchema } from '../services/reference-maintain.service.js';

/** Elections, reference data and candidate dossiers (issue 9) in the OpenAPI document (openapi.ts merges them). */
const ok = (description = 'OK') => ({ description });
const session = [{ session: [], csrf: [] }];
const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const election = { name: 'election', in: 'query', schema: { type: 'string' }, description: 'default: ELECTION_ID' };
const denied = { 401: ok('Not signed in'), 403: ok('Role or jurisdiction does not allow it (audited)') };
const sheet = {
  name: 'sheet',
  in: 'path',
  required: true,
  schema: { enum: ['areas', 'units', 'candidates', 'early'] },
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const electionPaths = {
  '/api/v1/elections': {
    post: {
      summary: 'Create an election (draft); with `from` a re-vote / additional vote of a unit of a closed election',
      security: session,
      requestBody: { required: true, content: json(newElectionSchema) },
      responses: {
        201: ok(),
        409: ok('Id taken, or parent not closed'),
        422: ok('Date not within 15 days'),
        ...denied,
      },
    },
  },
  '/api/v1/elections/{id}/status': {
    post: {
      summary: 'Move the status one step: draft → locked → voting → closed',
      security: session,
      parameters: [id('id')],
      requestBody: { required: true, content: json(z.object({ status: z.enum(['locked', 'voting', 'closed']) })) },
      responses: { 200: ok(), 409: ok('Not the next step'), ...denied },
    },
  },
  '/api/v1/elections/{id}/reset': {
    post: {
      summary: 'Drills only: clear reports and aggregates, keep reference data, tokens and the audit chain',
      security: session,
      parameters: [id('id')],
      responses: { 200: ok(), 409: ok('Not a drill'), ...denied },
    },
  },
  '/api/v1/elections/{id}': {
    delete: {
      summary: "Drills only: delete the drill's namespace, registry entry and device tokens",
      security: session,
      parameters: [id('id')],
      responses: { 204: ok(), 409: ok('Not a drill, or the live election'), ...denied },
    },
  },
  '/api/v1/reference/template.xlsx': {
    get: { summary: 'Empty XLSX template, Vietnamese headers', responses: { 200: ok() } },
  },
  '/api/v1/reference/templates/{sheet}.csv': {
    get: { summary: 'Empty CSV template of one sheet', parameters: [sheet], responses: { 200: ok() } },
  },
  '/api/v1/elections/{id}/reference.xlsx': {
    get: {
      summary: "The election's reference data as the committees' workbook",
      security: session,
      parameters: [id('id')],
      responses: { 200: ok(), ...denied },
    },
  },
  '/api/v1/elections/{id}/reference/{sheet}.csv': {
    get: {
      summary: 'One sheet of the reference data as CSV',
      security: session,
      parameters: [id('id'), sheet],
      responses: { 200: ok(), ...denied },
    },
  },
  '/api/v1/elections/{id}/reference/import': {
    post: {
      summary:
        'Import (all or nothing; `?dryRun=1` previews): an XLSX body, or `{sheets:{areas?,units?,candidates?,early?}}` of CSV texts',
      security: session,
      parameters: [id('id'), { name: 'dryRun', in: 'query', schema: { enum: ['1'] } }],
      requestBody: {
        required: true,
        content: {
          [XLSX]: { schema: { type: 'string', format: 'binary' } },
          ...json(z.object({ sheets: z.record(z.string(), z.string()) })),
        },
      },
      responses: {
        200: ok('Outcome: issues, summary, hash, changed, applied'),
        409: ok('Locked, or reports exist'),
        415: ok('Not an XLSX workbook'),
        422: ok('Errors by sheet, row and column in error.detail.issues; nothing written'),
        ...denied,
      },
    },
  },
  '/api/v1/elections/{id}/areas/{areaId}': {
    get: {
      summary: "A polling area's reference fields",
      security: session,
      parameters: [id('id'), id('areaId')],
      responses: { 200: ok(), 404: ok(), ...denied },
    },
    patch: {
      summary: 'Edit a polling area (voters, units, name, address, location); aggregates stay equal to a recomputation',
      security: session,
      parameters: [id('id'), id('areaId')],
      requestBody: { required: true, content: json(areaPatchSchema) },
      responses: {
        200: ok('The area and warnings'),
        422: ok('Breaks §1.2/§1.3, or reason missing after the lock'),
        ...denied,
      },
    },
  },
  '/api/v1/elections/{id}/candidates/{cid}/withdraw': {
    post: {
      summary: 'Record a withdrawal (kept on the candidate as history)',
      security: session,
      parameters: [id('id'), id('cid')],
      requestBody: { required: true, content: json(withdrawSchema) },
      responses: {
        200: ok('The candidate and a §2.3 warning if the unit falls short'),
        409: ok('Already withdrawn'),
        ...denied,
      },
    },
  },
  '/api/v1/elections/{id}/candidates/{cid}/photo': {
    put: {
      summary: "Upload a candidate's photo (JPEG or PNG by its bytes, 2 MB at most)",
      security: session,
      parameters: [id('id'), id('cid')],
      requestBody: { required: true, content: { 'image/jpeg': {}, 'image/png': {} } },
      responses: { 204: ok(), 415: ok('Not a JPEG or PNG'), ...denied },
    },
  },
  '/api/v1/candidates/{id}': {
    get: {
      summary: "A candidate's dossier with the unit",
      parameters: [id('id'), election],
      responses: { 200: ok(), 404: ok() },
    },
  },
  '/api/v1/candidates/{id}/photo': {
    get: { summary: "A candidate's photo", parameters: [id('id'), election], responses: { 200: ok(), 404: ok() } },
  },
  '/api/v1/units/{id}/candidates': {
    get: {
      summary: 'A unit and its candidates (withdrawn ones marked)',
      parameters: [id('id'), election],
      responses: { 200: ok(), 404: ok() },
    },
  },
};
