// Typing indicators in the inbox, as a serious inbox has them: whether the customer is typing in a
// case now (web chat visitors; polled by the agent's view), and the agent telling the customer
// "… is typing" (sent while the agent types, renewed every few seconds; it lapses on its own).
// Ephemeral and in this process's memory (engine/website/visitor-live-typing.ts).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { getCaseRow } from '../../cases/case-queries';
import { typingRegistry, TYPING_TTL_MS, type TypingRegistry } from '../../website/visitor-live-typing';
import { agentFirstName, caseVisitorIds } from '../../website/visitor-live-queries';
import type { AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Cases'];

const CustomerTypingSchema = z.object({
  since: z.number().int().openapi({ description: 'When this bout of typing started (ms since epoch).' }),
  expiresAt: z.number().int().openapi({ description: 'When the indicator lapses unless the customer keeps typing (ms since epoch).' }),
}).openapi('CustomerTyping');

const TypingBody = z.object({
  active: z.boolean().default(true).openapi({ description: '`false`: the agent stopped (cleared the box); the indicator hides at once.' }),
});

export function caseTypingRoutes(db: Db, typing: TypingRegistry = typingRegistry) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/cases/{id}/typing', tags, summary: 'Is the customer typing in this case now?',
      description: `Web chat visitors' typing, as their widget reports it (at most every 2 s while they type; it lapses ${TYPING_TTL_MS / 1000} s after the last signal). Poll it while the case is on screen.`,
      request: { params: IdParam('Case') },
      responses: { 200: json(z.object({ customerTyping: CustomerTypingSchema.nullable() }), 'The customer is typing (since when), or null'), ...problemResponses(401, 404) },
    }),
    (c) => {
      const row = getCaseRow(db, c.get('principal').accountId, c.req.valid('param').id);
      return c.json({ customerTyping: typing.customerOf(row.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/cases/{id}/typing', tags, summary: 'The agent is typing a reply',
      description: `The customer's web chat shows "… is typing" for ${TYPING_TTL_MS / 1000} s: send it again every few seconds while the agent types, \`{ "active": false }\` when they stop. The reply itself hides it.`,
      request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: TypingBody } }, required: false } },
      responses: {
        202: json(z.object({ active: z.boolean(), expiresInMs: z.number().int(), openConnections: z.number().int().openapi({ description: "The customer's open widget connections that were told." }) }), 'Passed on'),
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const row = getCaseRow(db, principal.accountId, c.req.valid('param').id);
      // The body is optional: a bare POST means "typing".
      const active = (await c.req.json().catch(() => ({})) as { active?: unknown }).active !== false;
      const name = agentFirstName(db, principal.userId);
      const openConnections = typing.agentTyping(row.channelId, caseVisitorIds(db, row.channelId, row.contactId), { active, ...(name ? { name } : {}), expiresInMs: TYPING_TTL_MS });
      return c.json({ active, expiresInMs: TYPING_TTL_MS, openConnections }, 202);
    },
  );

  return app;
}
