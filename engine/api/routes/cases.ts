// Cases API: the digital inbox (list, read a case with its thread), agent actions and replies.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/open-database';
import { patchCase, queueReply, type CaseCommandDeps } from '../../cases/case-commands';
import { getCaseWithThread, listCases } from '../../cases/case-queries';
import { assertCaseVisible, caseVisibility } from '../../routing/case-visibility';
import { toReply } from '../../cases/reply-content';
import { ParleyError } from '../../errors';
import type { AuthEnv } from '../auth';
import { CaseEventSchema, CaseSchema, CaseStatusSchema, IdParam, MessageSchema, PageQuery, json, problemResponses } from '../schemas';

const tags = ['Cases'];

const ListQuery = z.object({
  ...PageQuery,
  status: z.string().optional().openapi({ description: 'One status or several, comma-separated (e.g. `new,open`).', example: 'new,open' }),
  channelId: z.string().optional(),
  assigneeId: z.string().optional().openapi({ description: 'An assignee id, or `none` for unassigned cases.' }),
  skillId: z.string().optional(),
  contactId: z.string().optional(),
  q: z.string().max(200).optional().openapi({ description: "Search: every word must appear in the thread's messages (full-text, accents ignored, last word as a prefix), or a substring of the contact's name." }),
  sort: z.enum(['created', 'activity']).default('created').openapi({ description: '`created` (default): newest case first. `activity`: most recently active first, by `lastActivityAt` (a customer message, a reply by an agent or automation, an agent\'s status change, assignment, transfer or internal note; not Parley\'s bookkeeping such as mirroring, profile enrichment or routing offers); page on with the `nextCursor` of the same sort.' }),
});

const PatchBody = z
  .object({
    status: CaseStatusSchema.optional(),
    assigneeId: z.string().min(1).nullable().optional(),
    skillId: z.string().min(1).nullable().optional(),
    priority: z.number().int().min(0).max(100).optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' });

const ReplyBody = z
  .object({
    text: z.string().min(1).max(20_000).optional().openapi({ example: 'Hi! Your order ships tomorrow.' }),
    content: z.unknown().optional().openapi({ description: 'Channel-neutral rich content (see docs/rich-content.md). Its fallback text is generated unless `text` is given.' }),
    attachments: z.array(z.object({ url: z.url({ protocol: /^https?$/ }).openapi({ description: 'An http(s) URL, or the `url` Parley returned for an uploaded file.' }), mime: z.string().min(3), name: z.string().optional(), size: z.number().int().nonnegative().optional() })).max(10).optional(),
  })
  .refine((b) => b.text !== undefined || b.content !== undefined || (b.attachments?.length ?? 0) > 0, { message: 'Send text, content or attachments.' });

const statusList = z.array(CaseStatusSchema);

function parseStatuses(raw: string) {
  const parsed = statusList.safeParse(raw.split(',').map((s) => s.trim()).filter(Boolean));
  if (!parsed.success) {
    throw new ParleyError(400, 'validation_failed', `Unknown status in "${raw}".`, [
      { path: 'status', message: `use one or more of ${CaseStatusSchema.options.join(', ')}, comma-separated` },
    ]);
  }
  return parsed.data;
}

export function caseRoutes(db: Db, commands: CaseCommandDeps) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/cases', tags, summary: 'List cases (the digital inbox), newest first or by last activity',
      description: 'A signed-in agent sees the cases assigned to them or in one of their skills, unless the account allows agents to see all (PUT /routing/settings).',
      request: { query: ListQuery },
      responses: { 200: json(z.object({ items: z.array(CaseSchema), nextCursor: z.string().nullable() }), 'A page of cases'), ...problemResponses(400, 401) },
    }),
    (c) => {
      const { limit, cursor, sort, status, ...filters } = c.req.valid('query');
      const statuses = status ? parseStatuses(status) : undefined;
      const visibleTo = caseVisibility(db, c.get('principal'));
      return c.json(listCases(db, c.get('principal').accountId, { ...filters, status: statuses, visibleTo }, { limit, cursor, sort }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/cases/{id}', tags, summary: 'Get a case with its thread of messages and its audit trail',
      request: { params: IdParam('Case') },
      responses: { 200: json(CaseSchema.extend({ messages: z.array(MessageSchema), events: z.array(CaseEventSchema) }), 'The case, its thread and its audit trail'), ...problemResponses(401, 404) },
    }),
    (c) => c.json(getCaseWithThread(db, c.get('principal').accountId, c.req.valid('param').id, caseVisibility(db, c.get('principal'))) as any, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/cases/{id}', tags,
      summary: 'Change status, assignee, skill, priority or tags',
      description: 'A status change goes through the case workflow, which refuses illegal transitions with 409 (e.g. a closed case is final).',
      request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: PatchBody } }, required: true } },
      responses: { 200: json(CaseSchema, 'The updated case'), ...problemResponses(400, 401, 404, 409, 422, 503) },
    }),
    async (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      assertCaseVisible(db, principal, id);
      await patchCase(commands, principal.accountId, id, c.req.valid('json'), principal.keyId);
      const { messages: _thread, events: _events, ...view } = getCaseWithThread(db, principal.accountId, id);
      return c.json(view as any, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/cases/{id}/messages', tags, summary: 'Reply as an agent',
      description: 'The reply is stored and handed to the case workflow, which delivers it through the channel (retrying transient failures). Follow `deliveryStatus` on the case thread.',
      request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: ReplyBody } }, required: true } },
      responses: {
        202: json(z.object({ id: z.string(), caseId: z.string(), deliveryStatus: z.literal('queued') }), 'Accepted for delivery'),
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    (c) => {
      const principal = c.get('principal');
      assertCaseVisible(db, principal, c.req.valid('param').id);
      const reply = toReply(c.req.valid('json'));
      return c.json(queueReply(commands, principal.accountId, c.req.valid('param').id, reply, principal.keyId), 202);
    },
  );

  return app;
}
