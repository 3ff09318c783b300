// API keys: admins create keys for agents, supervisors and integrations, list and revoke them.
// A key's plaintext is shown once, in the creation response.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from '../../accounts/api-key-store';
import type { Db } from '../../db/open-database';
import { notFound } from '../../errors';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['API keys'];
const Role = z.enum(['admin', 'supervisor', 'agent']);

const ApiKeySchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), role: Role, createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('ApiKey');

const view = (row: ApiKeyRow) => ({
  id: row.id, name: row.name, prefix: row.prefix, role: row.role,
  createdAt: new Date(row.createdAt).toISOString(), revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
});

export function apiKeyRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/api-keys', tags, summary: 'Create an API key (the key is shown only in this response)',
      request: { body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1).max(200), role: Role }) } }, required: true } },
      responses: { 201: json(ApiKeySchema.extend({ key: z.string() }), 'Created'), ...problemResponses(400, 401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { name, role } = c.req.valid('json');
      const { row, key } = insertApiKey(db, principal.accountId, name, role);
      return c.json({ ...view(row), key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api-keys', tags, summary: 'List API keys',
      responses: { 200: json(z.object({ items: z.array(ApiKeySchema) }), 'Keys of this account'), ...problemResponses(401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      return c.json({ items: listApiKeys(db, principal.accountId).map(view) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/api-keys/{id}/revoke', tags, summary: 'Revoke an API key: it stops working at once',
      request: { params: IdParam('API key') },
      responses: { 200: json(ApiKeySchema, 'The revoked key'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { id } = c.req.valid('param');
      const row = revokeApiKey(db, principal.accountId, id);
      if (!row) throw notFound('api_key', id);
      return c.json(view(row), 200);
    },
  );

  return app;
}
