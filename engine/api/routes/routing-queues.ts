// Routing queues (issue #10): filters, priority, skill, strategy, offer timeout and wrap-up. Read by
// supervisors, edited by admins; the supervisor view's summary (waiting count, oldest wait per queue).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { createQueue, deleteQueue, getQueue, listQueues, queueView, updateQueue } from '../../routing/routing-admin-store';
import { listBacklog, queueSummary } from '../../routing/queue-summary';
import { ROUTING_STRATEGIES } from '../../../model/routing/queue';
import { CASE_STATUS_VALUES } from '../../db/schema';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const tags = ['Routing'];

const FiltersSchema = z.object({
  channelTypes: z.array(z.string().min(1)).max(50).openapi({ description: 'Channel types (e.g. `whatsapp`); empty = any.' }),
  channelIds: z.array(z.string().min(1)).max(100).openapi({ description: 'Channels; empty = any.' }),
  tags: z.array(z.string().min(1).max(64)).max(50).openapi({ description: 'The case has at least one of these tags; empty = any.' }),
  textContains: z.array(z.string().min(1).max(200)).max(50).openapi({ description: "The customer's messages contain one of these (case-insensitive); empty = any." }),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).openapi({ description: 'Case custom fields that must all equal these values.' }),
}).openapi('QueueFilters');

export const QueueSchema = z.object({
  id: z.string(), name: z.string(), priority: z.number().int(), filters: FiltersSchema, skillId: z.string().nullable(),
  strategy: z.enum(ROUTING_STRATEGIES), offerTimeoutMs: z.number().int().nullable(), wrapUpMs: z.number().int(), isFallback: z.boolean(),
  createdAt: z.string(), updatedAt: z.string(),
}).openapi('RoutingQueue');

const QueueBody = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: 'Billing' }),
  priority: z.number().int().min(-1000).max(1000).optional().openapi({ description: 'Higher wins when several queues match. Default 0.' }),
  filters: FiltersSchema.partial().optional(),
  skillId: z.string().min(1).nullable().optional().openapi({ description: "The skill agents need; null: the case's own (its channel's default)." }),
  strategy: z.enum(ROUTING_STRATEGIES).optional().openapi({ description: '`longest_idle` (default) or `least_busy`; the best proficiency always comes first.' }),
  offerTimeoutMs: z.number().int().min(1000).max(86_400_000).nullable().optional()
    .openapi({ description: 'How long an offer waits for the agent to accept before it goes to another; null: assigned at once. Default 60000.' }),
  wrapUpMs: z.number().int().min(0).max(86_400_000).optional().openapi({ description: "After a case closes, the agent's capacity frees after this long. Default 0." }),
  isFallback: z.boolean().optional().openapi({ description: 'Takes cases no other queue matches; one per account.' }),
}).openapi('RoutingQueueInput');
const QueuePatch = QueueBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' });

const SummarySchema = z.object({
  queues: z.array(z.object({
    queueId: z.string().nullable().openapi({ description: 'null: cases no queue takes (the backlog without a queue).' }),
    name: z.string(), priority: z.number().int(), skillId: z.string().nullable(),
    waiting: z.number().int(), oldestWaitingSince: z.string().nullable(), oldestWaitingMs: z.number().int().nullable(),
    offered: z.number().int(), assigned: z.number().int(),
    agentsAvailable: z.number().int().openapi({ description: 'Available agents holding the queue\'s skill (all available agents when it has none).' }),
  })),
  at: z.string(),
}).openapi('RoutingQueueSummary');

const BacklogItemSchema = z.object({
  caseId: z.string(), queueId: z.string().nullable(),
  queueName: z.string().nullable().openapi({ description: 'The queue\'s name; null when no queue takes the case (or its queue was deleted).' }),
  skillId: z.string().nullable(), channelId: z.string(), channelType: z.string().nullable(), status: z.enum(CASE_STATUS_VALUES),
  contactName: z.string().nullable(), preview: z.string().nullable(),
  waitReason: z.string().nullable().openapi({ description: '`no_queue`, `no_agent_with_skill`, `nobody_available` or `no_capacity`.' }),
  waitingSince: z.string().nullable(), waitingMs: z.number().int().nullable(),
}).openapi('BacklogCase');

const BacklogPageSchema = z.object({
  items: z.array(BacklogItemSchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  total: z.number().int().openapi({ description: 'How many cases wait (in `queueId` when given), across all pages: the summary\'s `waiting`.' }),
}).openapi('BacklogPage');

export function routingQueueRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(createRoute({
    method: 'get', path: '/routing/queues/summary', tags, summary: 'Queues at a glance (supervisor)',
    description: 'Per queue: cases waiting, the oldest waiting time, offered and assigned cases, available agents. For the supervisor view.',
    responses: { 200: json(SummarySchema, 'The summary'), ...problemResponses(401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json(queueSummary(db, p.accountId), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/routing/backlog', tags, summary: 'Cases waiting for an agent (supervisor)',
    description: 'Highest queue priority first, then the longest waiting: the order routing offers them in. Reassign one with POST /cases/{id}/assign.',
    request: { query: z.object({
      queueId: z.string().optional().openapi({ description: 'Only this queue.' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().min(1).max(500).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
    }) },
    responses: { 200: json(BacklogPageSchema, 'Waiting cases, a page at a time'), ...problemResponses(400, 401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json(listBacklog(db, p.accountId, c.req.valid('query')), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/queues', tags, summary: 'List routing queues (supervisor)',
    responses: { 200: json(z.object({ items: z.array(QueueSchema) }), 'The queues, by name'), ...problemResponses(401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json({ items: listQueues(db, p.accountId) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/queues', tags, summary: 'Create a routing queue (admin)',
    request: { body: { content: { 'application/json': { schema: QueueBody } }, required: true } },
    responses: { 201: json(QueueSchema, 'Created'), ...problemResponses(400, 401, 403, 404, 409) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json(createQueue(db, p.accountId, c.req.valid('json')), 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/queues/{id}', tags, summary: 'Get a routing queue (supervisor)',
    request: { params: IdParam('Queue') },
    responses: { 200: json(QueueSchema, 'The queue'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json(queueView(getQueue(db, p.accountId, c.req.valid('param').id)), 200);
  });

  app.openapi(createRoute({
    method: 'patch', path: '/queues/{id}', tags, summary: 'Change a routing queue (admin)',
    description: 'Filters given replace those named (others are kept). Cases already routed keep their agent.',
    request: { params: IdParam('Queue'), body: { content: { 'application/json': { schema: QueuePatch } }, required: true } },
    responses: { 200: json(QueueSchema, 'The updated queue'), ...problemResponses(400, 401, 403, 404, 409) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json(updateQueue(db, p.accountId, c.req.valid('param').id, c.req.valid('json')), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/queues/{id}', tags, summary: 'Delete a routing queue (admin)',
    request: { params: IdParam('Queue') },
    responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    deleteQueue(db, p.accountId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
