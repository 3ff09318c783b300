// Canned responses API: reusable replies with variables, picked by short code in the agent's
// composer. Everyone reads them; supervisors and admins write them.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { cannedView, createCanned, deleteCanned, getCanned, listCanned, updateCanned } from '../../canned/canned-store';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Canned responses'];

const ShortCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ and -, up to 40')
  .openapi({ description: 'What an agent types after "/" in the composer.', example: 'refund' });
const Title = z.string().trim().min(1).max(120).openapi({ example: 'Refund on its way' });
const Content = z.string().trim().min(1).max(5000).openapi({
  description: 'Markdown. Variables filled in the composer: `{{contact.name}}`, `{{agent.name}}`, `{{case.id}}`.',
  example: 'Hi {{contact.name}}, your refund is on its way. — {{agent.name}}',
});

const CannedSchema = z.object({
  id: z.string(), shortCode: z.string(), title: z.string(), content: z.string(),
  createdBy: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('CannedResponse');

const CreateBody = z.object({ shortCode: ShortCode, title: Title, content: Content }).openapi('CannedResponseCreate');
const PatchBody = z.object({ shortCode: ShortCode.optional(), title: Title.optional(), content: Content.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' })
  .openapi('CannedResponsePatch');

export function cannedResponseRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/canned-responses', tags, summary: 'List canned responses (short code order; prefix matches first when searching)',
      request: { query: z.object({ q: z.string().max(100).optional().openapi({ description: 'Part of the short code, title or text.' }) }) },
      responses: { 200: json(z.object({ items: z.array(CannedSchema) }), 'The canned responses'), ...problemResponses(400, 401) },
    }),
    (c) => c.json({ items: listCanned(db, c.get('principal').accountId, c.req.valid('query').q) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/canned-responses/{id}', tags, summary: 'Get a canned response',
      request: { params: IdParam('Canned response') },
      responses: { 200: json(CannedSchema, 'The canned response'), ...problemResponses(401, 404) },
    }),
    (c) => c.json(cannedView(getCanned(db, c.get('principal').accountId, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/canned-responses', tags, summary: 'Add a canned response (supervisors and admins)',
      request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
      responses: { 201: json(CannedSchema, 'Created'), ...problemResponses(400, 401, 403, 409) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(createCanned(db, principal.accountId, c.req.valid('json'), principal.userId ?? principal.keyId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/canned-responses/{id}', tags, summary: 'Change a canned response (supervisors and admins)',
      request: { params: IdParam('Canned response'), body: { content: { 'application/json': { schema: PatchBody } }, required: true } },
      responses: { 200: json(CannedSchema, 'The updated canned response'), ...problemResponses(400, 401, 403, 404, 409) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(updateCanned(db, principal.accountId, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/canned-responses/{id}', tags, summary: 'Delete a canned response (supervisors and admins)',
      request: { params: IdParam('Canned response') },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      deleteCanned(db, principal.accountId, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}
