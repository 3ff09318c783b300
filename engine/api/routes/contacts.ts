// Contacts API: the customer card with all channel identities and previous cases.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { getCustomerCard, listContacts } from '../../contacts/contact-queries';
import type { AuthEnv } from '../auth';
import { CaseSchema, IdParam, PageQuery, json, problemResponses } from '../schemas';

const tags = ['Contacts'];

const ContactSchema = z
  .object({
    id: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(),
    customFields: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
  })
  .openapi('Contact');

const CustomerCardSchema = ContactSchema.extend({
  identities: z.array(z.object({
    id: z.string(), channelId: z.string(), channelType: z.string(), channelName: z.string(),
    externalId: z.string(), name: z.string().nullable(), createdAt: z.string(),
  })),
  cases: z.array(CaseSchema),
}).openapi('CustomerCard');

export function contactRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/contacts', tags, summary: 'List contacts',
      request: { query: z.object({ ...PageQuery, q: z.string().max(200).optional().openapi({ description: 'Search name, email, phone and channel identities.' }) }) },
      responses: { 200: json(z.object({ items: z.array(ContactSchema), nextCursor: z.string().nullable() }), 'A page of contacts'), ...problemResponses(400, 401) },
    }),
    (c) => {
      const { q, limit, cursor } = c.req.valid('query');
      return c.json(listContacts(db, c.get('principal').accountId, q, { limit, cursor }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/contacts/{id}', tags, summary: 'Get the customer card (identities per channel, previous cases)',
      request: { params: IdParam('Contact') },
      responses: { 200: json(CustomerCardSchema, 'The customer card'), ...problemResponses(401, 404) },
    }),
    (c) => c.json(getCustomerCard(db, c.get('principal').accountId, c.req.valid('param').id) as any, 200),
  );

  return app;
}
