import { roleSchema } from '@ecc/shared';

/** The accounts, sign-in, provisioning and audit paths of the OpenAPI document (openapi.ts merges them). */
const ok = (description = 'OK') => ({ description });
const session = [{ session: [], csrf: [] }];
const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', properties, required } } },
});
const str = { type: 'string' };
const denied = { 401: ok('Not signed in'), 403: ok('Role or jurisdiction does not allow it (audited)') };

export const accountSecuritySchemes = {
  session: { type: 'apiKey', in: 'cookie', name: 'ecc_session' },
  csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
};

export const accountPaths = {
  '/api/v1/auth/sign-in': {
    post: {
      summary: 'Sign in: session cookie (30 min idle, 12 h at most) and CSRF token',
      requestBody: body({ username: str, password: str }, ['username', 'password']),
      responses: {
        200: ok(),
        401: ok('Wrong username or password (same answer for unknown users)'),
        429: ok('Locked'),
      },
    },
  },
  '/api/v1/auth/me': {
    get: { summary: 'The signed-in principal', security: session, responses: { 200: ok(), 401: ok() } },
  },
  '/api/v1/auth/sign-out': { post: { summary: 'End the session', security: session, responses: { 204: ok() } } },
  '/api/v1/auth/password': {
    post: {
      summary: 'Change the password (ends every session of the account)',
      security: session,
      requestBody: body({ current: str, next: { type: 'string', minLength: 12 } }, ['current', 'next']),
      responses: { 204: ok(), 400: ok('Weak password'), 401: ok() },
    },
  },
  '/api/v1/accounts': {
    get: {
      summary: 'Account review list (json, or csv with ?format=csv)',
      security: session,
      responses: { 200: ok(), ...denied },
    },
    post: {
      summary: 'Create an account; answers its one-time password',
      security: session,
      requestBody: body(
        { username: str, role: { type: 'string', enum: roleSchema.options }, jurisdiction: str, name: str },
        ['username', 'role', 'jurisdiction'],
      ),
      responses: { 201: ok(), 400: ok(), 409: ok('Username taken'), ...denied },
    },
  },
  '/api/v1/accounts/{username}': {
    patch: {
      summary: 'Change role, jurisdiction, status or reset the password; disconnects the account’s sockets',
      security: session,
      parameters: [{ name: 'username', in: 'path', required: true, schema: str }],
      requestBody: body({
        role: str,
        jurisdiction: str,
        status: { type: 'string', enum: ['active', 'revoked'] },
        resetPassword: { type: 'boolean' },
      }),
      responses: { 200: ok(), 404: ok(), ...denied },
    },
  },
  '/api/v1/accounts/provision': {
    post: {
      summary: 'Create every missing account of the election (or one commune) with one-time passwords (json, csv, pdf)',
      security: session,
      requestBody: body({ commune: str }),
      responses: { 201: ok(), ...denied },
    },
  },
  '/api/v1/accounts/import': {
    post: {
      summary: 'Import accounts from CSV (username,role,jurisdiction,name): all or nothing, row-level errors',
      security: session,
      requestBody: { required: true, content: { 'text/csv': { schema: str } } },
      responses: { 201: ok(), 422: ok('IMPORT_INVALID with detail.errors'), ...denied },
    },
  },
  '/api/v1/walls': {
    get: { summary: 'Wall-display tokens', security: session, responses: { 200: ok(), ...denied } },
    post: {
      summary: 'Issue a read-only wall token (shown once)',
      security: session,
      requestBody: body({ name: str, scope: str }, ['name']),
      responses: { 201: ok(), ...denied },
    },
  },
  '/api/v1/walls/{id}': {
    delete: {
      summary: 'Revoke a wall token; the wall is disconnected',
      security: session,
      parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
      responses: { 204: ok(), 404: ok(), ...denied },
    },
  },
  '/api/v1/audit': {
    get: {
      summary: 'Audit entries filtered by election, who, act, from, to; csv export is itself audited',
      security: session,
      parameters: ['election', 'who', 'act', 'from', 'to', 'limit', 'format'].map((name) => ({
        name,
        in: 'query',
        schema: str,
      })),
      responses: { 200: ok(), ...denied },
    },
  },
};
