// Contacts API: the customer card with all channel identities and previous cases.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { getCustomerCard, listContacts, updateContact } from '../../contacts/contact-queries';
import { LanguageTag } from '../../contacts/language-tag-schema';
import type { AuthEnv } from '../auth';
import { CaseSchema, IdParam, PageQuery, json, problemResponses } from '../schemas';

const tags = ['Contacts'];

const ContactSchema = z
  .object({
    id: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(),
    language: z.string().nullable().openapi({ description: 'BCP 47: the language of the words Parley adds to what this customer reads (reply hints, confirmations, dates); null: the channel\'s or account\'s default.' }),
    customFields: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
  })
  .openapi('Contact');

export const CustomerCardSchema = ContactSchema.extend({
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

  app.openapi(
    createRoute({
      method: 'patch', path: '/contacts/{id}', tags, summary: 'Update the customer card (name, email, phone, language, custom fields)',
      request: {
        params: IdParam('Contact'),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().min(1).max(200).nullable().optional(),
                email: z.email().nullable().optional(),
                phone: z.string().regex(/^\+?[0-9 ()-]{3,32}$/, 'a phone number').nullable().optional(),
                language: LanguageTag.nullable().optional(),
                customFields: z.record(z.string().min(1).max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional()
                  .openapi({ description: 'Merged into the existing fields; null removes a field.' }),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(CustomerCardSchema, 'The updated customer card'), ...problemResponses(400, 401, 404) },
    }),
    (c) => c.json(updateContact(db, c.get('principal').accountId, c.req.valid('param').id, c.req.valid('json')) as any, 200),
  );

  return app;
}
