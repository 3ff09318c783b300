// The agent workspace's extras around a case: its reply window stated ahead of time, how each
// outbound message reached the customer (native or as text), internal notes with @mentions, and
// the SLA targets every agent's inbox times against.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ChannelStore } from '../../channels/channel-store';
import type { Db } from '../../db/open-database';
import { getSlaTargets } from '../../rules/store/settings-store';
import { addNote, listNotes } from '../../workspace/case-notes';
import { caseWorkspace } from '../../workspace/case-workspace';
import { assertCaseVisible } from '../../routing/case-visibility';
import type { AuthEnv } from '../auth';
import { IdParam, RenderReportEntrySchema, json, problemResponses } from '../schemas';

const tags = ['Agent workspace'];

const NoteSchema = z.object({
  id: z.string(), caseId: z.string(), authorId: z.string(), authorName: z.string().nullable(),
  text: z.string(), mentions: z.array(z.string()).openapi({ description: 'Ids of the users the note @mentions.' }), createdAt: z.string(),
}).openapi('CaseNote');

const NoteBody = z.object({
  text: z.string().trim().min(1).max(5000).openapi({ example: '@Ana can you check the refund?' }),
  mentions: z.array(z.string().min(1)).max(20).optional().openapi({ description: 'User ids @mentioned in the text (from GET /users).' }),
}).openapi('CaseNoteCreate');

const ReplyWindowSchema = z.object({
  channelName: z.string(),
  hours: z.number().nullable().openapi({ description: 'Length of the standard window; null: the channel has none.' }),
  outsideWindow: z.enum(['nothing', 'templates', 'tagged', 'anything']).openapi({ description: 'What may be sent once it has closed.' }),
  open: z.boolean().openapi({ description: 'A free-form reply is allowed now.' }),
  closesAt: z.string().nullable(),
  humanAgentClosesAt: z.string().nullable(),
  templates: z.boolean().openapi({ description: 'The channel lists approved templates (GET /channels/{id}/templates).' }),
}).openapi('ReplyWindow');

const RenderingSchema = z.object({
  messageId: z.string(),
  outcome: z.enum(['native', 'degraded', 'fallback']),
  report: z.array(RenderReportEntrySchema),
  text: z.string().nullable().openapi({ description: 'The plain text the customer got for the blocks sent as text (stored at send); null when none was, or for an older message.' }),
  source: z.enum(['sent', 'rendered']).openapi({ description: '`sent`: stored when the message was sent. `rendered`: a message not sent yet, or sent before renderings were stored, rendered again now.' }),
}).openapi('MessageRendering');

const WorkspaceSchema = z.object({
  replyWindow: ReplyWindowSchema.nullable().openapi({ description: 'null when the channel is gone.' }),
  rendering: z.array(RenderingSchema).openapi({ description: 'One entry per outbound message: how the channel showed it.' }),
  notes: z.array(NoteSchema),
  people: z.record(z.string(), z.string()).openapi({ description: "Names of the messages' authors and the audit trail's actors, by their id (user, sign-in session or API key)." }),
}).openapi('CaseWorkspace');

const SlaSchema = z.object({ slaFirstResponseMinutes: z.number().int(), slaNextResponseMinutes: z.number().int() }).openapi('SlaTargets');

export function workspaceRoutes(db: Db, channels: ChannelStore) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/cases/{id}/workspace', tags, summary: "A case's reply window, per-message rendering and internal notes",
      request: { params: IdParam('Case') },
      responses: { 200: json(WorkspaceSchema, 'What the agent workspace shows next to the thread'), ...problemResponses(401, 404) },
    }),
    (c) => {
      assertCaseVisible(db, c.get('principal'), c.req.valid('param').id);
      return c.json(caseWorkspace(db, channels, c.get('principal').accountId, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/cases/{id}/notes', tags, summary: "A case's internal notes, oldest first",
      request: { params: IdParam('Case') },
      responses: { 200: json(z.object({ items: z.array(NoteSchema) }), 'The notes'), ...problemResponses(401, 404) },
    }),
    (c) => {
      assertCaseVisible(db, c.get('principal'), c.req.valid('param').id);
      return c.json({ items: listNotes(db, c.get('principal').accountId, c.req.valid('param').id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/cases/{id}/notes', tags, summary: 'Add an internal note (never sent to the customer)',
      description: 'Other consoles see it live: the case is touched, so GET /stream sends a `case` event.',
      request: { params: IdParam('Case'), body: { content: { 'application/json': { schema: NoteBody } }, required: true } },
      responses: { 201: json(NoteSchema, 'The note'), ...problemResponses(400, 401, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      assertCaseVisible(db, principal, c.req.valid('param').id);
      return c.json(addNote(db, principal.accountId, c.req.valid('param').id, c.req.valid('json'), principal.userId ?? principal.keyId), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/workspace/sla', tags, summary: 'The SLA targets the inbox times first and next responses against',
      description: 'Set by admins in PUT /settings/automation; readable by every role.',
      responses: { 200: json(SlaSchema, 'The targets, in minutes'), ...problemResponses(401) },
    }),
    (c) => c.json(getSlaTargets(db, c.get('principal').accountId), 200),
  );

  return app;
}
