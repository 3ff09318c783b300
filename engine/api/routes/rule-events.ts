// Rule events API: the recorded events a dry-run can pick from, and API-triggered events
// (`POST /rules/events/{key}`) that start the account's rules listening on that key.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { TRIGGER_TYPES } from '../../../model/rules/trigger-types';
import { recordApiEvent } from '../../rules/store/api-events';
import { getRuleEvent, listRecentEvents } from '../../rules/store/rule-events-queries';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import type { RulesDeps } from './rules-deps';
import { RuleEventItemSchema, RuleEventJson, rulesTags as tags } from './rules-schemas';

const KeyParam = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'Key: 1–64 lowercase letters, digits, . _ -' })
    .openapi({ param: { name: 'key', in: 'path' }, description: 'The event key a rule\'s `Triggered by API` trigger declares', example: 'order.paid' }),
});

export function ruleEventRoutes(deps: RulesDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/rules/events/{key}', tags, summary: 'Trigger the rules listening on an API event key',
      description: 'The JSON body is the payload (`{{trigger.payload.<field>}}` in the rules). It must match the schema each listening rule declares; otherwise 422 and nothing is recorded. Send an `Idempotency-Key` header to make retries safe: the same key records one event. Needs an admin or supervisor API key.',
      request: {
        params: KeyParam,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'Retries with the same value record one event.' }) }),
        body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ example: { orderId: 'A-1001', amount: 42.5 } }) } }, required: true },
      },
      responses: {
        202: json(z.object({ eventId: z.string(), rules: z.number().int().openapi({ description: 'How many rules listen on the key.' }), duplicate: z.boolean() }), 'Accepted: the rules will run'),
        ...problemResponses(400, 401, 403, 404, 413, 422),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      const result = recordApiEvent(db, principal.accountId, c.req.valid('param').key, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      return c.json(result, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rule-events', tags, summary: 'Recorded events of the last days (what dry-runs and replays use), newest first',
      request: {
        query: z.object({
          days: z.coerce.number().int().min(1).max(30).default(7),
          type: z.enum(TRIGGER_TYPES).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(RuleEventItemSchema) }), 'Events'), ...problemResponses(400, 401, 403) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json({ items: listRecentEvents(db, principal.accountId, c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rule-events/{id}', tags, summary: 'One recorded event, as rules see it',
      request: { params: IdParam('Rule event') },
      responses: { 200: json(RuleEventJson, 'The event'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'supervisor');
      return c.json(getRuleEvent(db, principal.accountId, c.req.valid('param').id) as any, 200);
    },
  );

  return app;
}
