// The cases with agents, for the supervisor view (issue #10): offered (waiting for the agent to
// accept, with the time left) or accepted, since when, a page at a time with counts of them all.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { listHeldCases, WORKED_STATUSES } from '../../routing/assigned-cases';
import { requireRole, type AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';

const tags = ['Routing'];

const HeldCaseSchema = z.object({
  caseId: z.string(), status: z.enum(WORKED_STATUSES), contactName: z.string().nullable(), preview: z.string().nullable(),
  channelId: z.string(), channelType: z.string().nullable(),
  agentId: z.string(), agentName: z.string().nullable(),
  queueId: z.string().nullable(), queueName: z.string().nullable().openapi({ description: 'null: given to the agent outside any queue (or the queue was deleted).' }),
  routed: z.boolean().openapi({ description: 'false: assigned by hand before routing took the case, or in an account that does not route.' }),
  state: z.enum(['offered', 'accepted']).openapi({ description: '`offered`: the agent has not accepted yet; `accepted`: the agent holds it.' }),
  since: z.string().openapi({ description: 'When the current state began: the offer, or the acceptance (the assignment for a case routing did not take).' }),
  heldMs: z.number().int().openapi({ description: 'How long since `since`, at the time of the answer.' }),
  offeredAt: z.string().nullable(),
  offerExpiresAt: z.string().nullable().openapi({ description: 'An offer: when it goes to another agent; null when it does not expire.' }),
  offerRemainingMs: z.number().int().nullable().openapi({ description: 'An offer: milliseconds left before it expires.' }),
  acceptedAt: z.string().nullable(),
}).openapi('HeldCase');

const HeldPageSchema = z.object({
  items: z.array(HeldCaseSchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  counts: z.object({
    offered: z.number().int(), accepted: z.number().int(), total: z.number().int(),
  }).openapi({ description: 'All cases with agents under the agent / queue filter (not `state`), across all pages: the queue summary\'s `offered` and `assigned` add up to these.' }),
}).openapi('HeldCasePage');

export function routingAssignmentRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(createRoute({
    method: 'get', path: '/routing/assignments', tags, summary: 'Cases with agents: offered or accepted (supervisor)',
    description: 'Every case still being worked (new, open, pending, escalated) that has an agent. Offers first, the oldest first (the next to run out); then accepted cases, the newest first. '
      + 'Reassign one with POST /cases/{id}/assign or /transfer.',
    request: { query: z.object({
      state: z.enum(['offered', 'accepted']).optional().openapi({ description: 'Only offers, or only accepted cases.' }),
      agentId: z.string().min(1).optional().openapi({ description: 'Only this agent\'s cases.' }),
      queueId: z.string().min(1).optional().openapi({ description: 'Only this queue\'s cases.' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().min(1).max(500).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
    }) },
    responses: { 200: json(HeldPageSchema, 'Cases with agents, a page at a time'), ...problemResponses(400, 401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json(listHeldCases(db, p.accountId, c.req.valid('query')) as z.infer<typeof HeldPageSchema>, 200);
  });

  return app;
}
