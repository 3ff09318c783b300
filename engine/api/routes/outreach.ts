// The outreach flow's API (issue #7), under /api/v1: contact lists (CSV import), the
// do-not-contact list and opt-out keywords, campaigns and their commands.
import { startOutreachFromCase } from '../../outreach/case-outreach';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Readable } from 'node:stream';
import { WEEKDAYS } from '../../../model/rules/business-hours';
import { cancelCampaign, pauseCampaign, resumeCampaign, startCampaign } from '../../outreach/campaign-commands';
import { createCampaign, getCampaign, listCampaigns, listRecipients } from '../../outreach/campaign-store';
import { toCampaignMessage } from '../../outreach/campaign-content';
import { refuseUnsendableTemplate } from '../../outreach/template-check';
import { getList, listIssues, listLists, listRows, getListRow, createList, importIntoList } from '../../outreach/contact-list-store';
import { parseMappingParam } from '../../outreach/csv-mapping';
import { addDoNotContact, listDoNotContact, removeDoNotContact } from '../../outreach/do-not-contact-store';
import { getOutreachSettings, putOutreachSettings } from '../../outreach/outreach-settings-store';
import { RECIPIENT_STATUSES } from '../../db/schema-outreach';
import { ParleyError } from '../../errors';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, PageQuery, json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const listTags = ['Contact lists'];
const campaignTags = ['Campaigns'];
const dncTags = ['Do not contact'];

const Obj = z.record(z.string(), z.unknown());

/** The CSV as a stream of chunks: the raw body (text/csv), or the `file` part of a multipart form. */
async function uploadSource(req: Request): Promise<{ source: AsyncIterable<Buffer | string>; fields: Record<string, string>; size: number | null }> {
  const type = req.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    // Hono reads multipart forms whole (within the body limit); text/csv bodies are streamed.
    const form = await req.formData().catch(() => {
      throw new ParleyError(400, 'invalid_form', 'The multipart form cannot be read (is its boundary missing?): send the CSV as the `file` part.');
    });
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new ParleyError(400, 'validation_failed', 'The form needs a `file` part with the CSV.', [{ path: 'file', message: 'required' }]);
    const fields: Record<string, string> = {};
    form.forEach((v, k) => { if (typeof v === 'string') fields[k] = v; });
    if (!fields.name && 'name' in file && typeof file.name === 'string') fields.name = file.name.replace(/\.csv$/i, '');
    return { source: Readable.fromWeb(file.stream() as any), fields, size: file.size };
  }
  if (!req.body) throw new ParleyError(400, 'csv_empty', 'The request has no body: send the CSV as text/csv or as the `file` of a multipart form.');
  const length = Number(req.headers.get('content-length'));
  return { source: Readable.fromWeb(req.body as any), fields: {}, size: Number.isFinite(length) && length > 0 ? length : null };
}

const ListSchema = z.object({
  id: z.string(), name: z.string(), status: z.enum(['importing', 'ready', 'failed']), mapping: Obj.nullable(), delimiter: z.string().nullable(),
  counts: z.object({ rowsRead: z.number(), valid: z.number(), invalid: z.number(), duplicates: z.number() }),
  progress: z.number().nullable().openapi({ description: '0–1 while importing (bytes read of the announced size), 1 once done.' }),
  bytesRead: z.number(), bytesTotal: z.number().nullable(), error: z.string().nullable(), createdAt: z.string(), completedAt: z.string().nullable(),
}).openapi('ContactList');
const IssueSchema = z.object({ rowNumber: z.number(), field: z.string(), reason: z.string() });
const ListWithReportSchema = ListSchema.extend({ report: z.object({ issueCount: z.number(), issues: z.array(IssueSchema) }) }).openapi('ContactListWithReport');

const WindowSchema = z.object({
  timeZone: z.string().optional().openapi({ description: 'IANA zone; default: the account calendar\'s (Settings → Automation), else UTC.' }),
  days: z.array(z.enum(WEEKDAYS)).min(1),
  from: z.string().openapi({ example: '09:00' }),
  to: z.string().openapi({ example: '20:00' }),
});
const CreateCampaignSchema = z.object({
  name: z.string().min(1).max(200),
  channelId: z.string().min(1),
  listId: z.string().min(1),
  message: z.object({
    subject: z.string().min(1).max(200).optional().openapi({ description: 'Email channels: the subject of the campaign\'s mails (may use {{variables}}); default "<account name>: <first line>". Other channels ignore it.' }),
    text: z.string().min(1).max(4096).optional(),
    content: z.unknown().optional().openapi({ description: 'Rich content (docs/rich-content.md); strings may use {{variables}} of the list.' }),
    template: z.object({
      name: z.string(),
      language: z.string(),
      variables: z.array(z.string()).optional(),
      header: z.object({
        type: z.enum(['image', 'video', 'document']),
        url: z.string().openapi({ description: 'An absolute http(s) URL: a stored attachment\'s `url` (POST /api/v1/attachments with the channelId), or a public link.' }),
        filename: z.string().optional().openapi({ description: 'Documents only: the file name the customer sees.' }),
      }).optional().openapi({ description: 'The file for a template approved with an IMAGE, VIDEO or DOCUMENT header (its type in lower case); becomes the header component\'s parameter. Required by such templates (422 `template_header_missing` without it).' }),
    }).optional()
      .openapi({ description: 'An approved WhatsApp template; variables fill its {{1}}, {{2}}, … and may use {{variables}} of the list; header gives the file of an IMAGE/VIDEO/DOCUMENT header.' }),
  }),
  startAt: z.string().datetime({ offset: true }).nullable().optional(),
  sendingWindow: WindowSchema.nullable().optional(),
  throttlePerSecond: z.number().int().min(1).max(10_000).nullable().optional().openapi({ description: 'Messages per second; omit for no throttle.' }),
  mode: z.enum(['agentless', 'skill']).default('agentless'),
  skillId: z.string().min(1).max(100).nullable().optional(),
});
const CampaignSchema = Obj.openapi('Campaign');

export function outreachRoutes(deps: FlowRouteDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const { db } = deps;
  const commands = { db, client: deps.commands.client, taskQueue: deps.commands.taskQueue };
  const supervisor = (c: { get(k: 'principal'): import('../auth').Principal }) => { requireRole(c.get('principal'), 'supervisor'); return c.get('principal'); };

  // ---- contact lists
  app.openapi(createRoute({
    method: 'post', path: '/contact-lists', tags: listTags, summary: 'Import a contact list from CSV',
    description: 'Body: the CSV as `text/csv` (streamed; 100k rows are fine) or a multipart form with `file` (and optional `name`, `mapping`). '
      + 'UTF-8 with or without BOM; the delimiter (comma, semicolon, tab) is detected from the header. `mapping` is JSON: '
      + '{"externalId":"id","name":"name","identities":{"phone":"mobile","byoc":"user_id"},"variables":["plan"]}; without it columns are '
      + 'mapped by name (id, name, phone, email, or a channel type such as byoc) and the rest become variables. '
      + 'An identity key is `phone` (SMS, WhatsApp, Viber), `email`, or a channel type (for BYOC: the middleware\'s sender externalId). '
      + 'Answers once the import finished, with the per-row validation report; GET the list meanwhile for its progress.',
    request: { query: z.object({ name: z.string().max(200).optional(), mapping: z.string().optional() }) },
    responses: { 201: json(ListWithReportSchema, 'The imported list and its validation report'), ...problemResponses(400, 401, 403, 413) },
  }), async (c) => {
    const principal = supervisor(c);
    const query = c.req.valid('query');
    const upload = await uploadSource(c.req.raw);
    const mapping = parseMappingParam(upload.fields.mapping ?? query.mapping);
    const name = (upload.fields.name ?? query.name ?? '').trim() || `List of ${new Date().toISOString().slice(0, 10)}`;
    const id = createList(db, { accountId: principal.accountId, name, bytesTotal: upload.size });
    await importIntoList(db, id, { accountId: principal.accountId, name, source: upload.source, mapping });
    return c.json(getList(db, principal.accountId, id) as any, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/contact-lists', tags: listTags, summary: 'List contact lists', request: { query: z.object(PageQuery) },
    responses: { 200: json(z.object({ items: z.array(ListSchema), nextCursor: z.string().nullable() }), 'A page of lists'), ...problemResponses(401) },
  }), (c) => c.json(listLists(db, c.get('principal').accountId, c.req.valid('query')) as any, 200));

  app.openapi(createRoute({
    method: 'get', path: '/contact-lists/{id}', tags: listTags, summary: 'A contact list: counts, import progress, validation report (first 100 issues)',
    request: { params: IdParam('Contact list') },
    responses: { 200: json(ListWithReportSchema, 'The list'), ...problemResponses(401, 404) },
  }), (c) => c.json(getList(db, c.get('principal').accountId, c.req.valid('param').id) as any, 200));

  app.openapi(createRoute({
    method: 'get', path: '/contact-lists/{id}/rows', tags: listTags, summary: 'The list\'s contacts, by row number',
    request: { params: IdParam('Contact list'), query: z.object(PageQuery) },
    responses: { 200: json(z.object({ items: z.array(Obj), nextCursor: z.string().nullable() }), 'A page of rows'), ...problemResponses(401, 404) },
  }), (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(listRows(db, c.get('principal').accountId, c.req.valid('param').id, { limit, afterRow: cursor ? Number(cursor) : undefined }) as any, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/contact-lists/{id}/issues', tags: listTags, summary: 'The whole validation report: row number, field, reason',
    request: { params: IdParam('Contact list'), query: z.object(PageQuery) },
    responses: { 200: json(z.object({ items: z.array(IssueSchema), nextCursor: z.string().nullable() }), 'A page of issues'), ...problemResponses(401, 404) },
  }), (c) => {
    const { limit, cursor } = c.req.valid('query');
    const list = getListRow(db, c.get('principal').accountId, c.req.valid('param').id);
    return c.json(listIssues(db, list.id, { limit, afterId: cursor ? Number(cursor) : undefined }), 200);
  });

  // ---- do not contact
  const DncSchema = z.object({ channelId: z.string(), identity: z.string(), source: z.string(), note: z.string().nullable(), createdAt: z.string() }).openapi('DoNotContact');
  const DncBody = z.object({ channelId: z.string().min(1), identity: z.string().min(1).max(256), note: z.string().max(500).optional() });
  app.openapi(createRoute({
    method: 'get', path: '/do-not-contact', tags: dncTags, summary: 'Identities that get no campaign messages, per channel',
    request: { query: z.object({ ...PageQuery, channelId: z.string().optional() }) },
    responses: { 200: json(z.object({ items: z.array(DncSchema), nextCursor: z.string().nullable() }), 'A page of entries'), ...problemResponses(401) },
  }), (c) => c.json(listDoNotContact(db, c.get('principal').accountId, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'post', path: '/do-not-contact', tags: dncTags, summary: 'Add an identity to a channel\'s do-not-contact list',
    request: { body: { content: { 'application/json': { schema: DncBody } }, required: true } },
    responses: { 200: json(z.object({ added: z.boolean() }), 'Added (or already there)'), ...problemResponses(400, 401, 403, 404) },
  }), (c) => {
    const principal = supervisor(c);
    const body = c.req.valid('json');
    deps.channels.get(principal.accountId, body.channelId);
    return c.json({ added: addDoNotContact(db, { accountId: principal.accountId, channelId: body.channelId, identity: body.identity, source: 'manual', note: body.note }) }, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/do-not-contact', tags: dncTags, summary: 'Remove an identity from a channel\'s do-not-contact list',
    request: { query: z.object({ channelId: z.string().min(1), identity: z.string().min(1) }) },
    responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const principal = supervisor(c);
    const q = c.req.valid('query');
    removeDoNotContact(db, principal.accountId, q.channelId, q.identity);
    return c.body(null, 204);
  });

  const SettingsSchema = z.object({ stopKeywords: z.array(z.string().min(1).max(40)).max(50), stopReply: z.string().min(1).max(1000) }).openapi('OutreachSettings');
  app.openapi(createRoute({
    method: 'get', path: '/outreach/settings', tags: dncTags, summary: 'Opt-out keywords and their acknowledgement',
    responses: { 200: json(SettingsSchema, 'The settings'), ...problemResponses(401) },
  }), (c) => c.json(getOutreachSettings(db, c.get('principal').accountId), 200));

  app.openapi(createRoute({
    method: 'put', path: '/outreach/settings', tags: dncTags, summary: 'Set the opt-out keywords (any language) and their acknowledgement',
    request: { body: { content: { 'application/json': { schema: SettingsSchema.partial() } }, required: true } },
    responses: { 200: json(SettingsSchema, 'The settings'), ...problemResponses(400, 401, 403) },
  }), (c) => {
    const principal = supervisor(c);
    return c.json(putOutreachSettings(db, principal.accountId, c.req.valid('json')), 200);
  });

  // ---- campaigns
  app.openapi(createRoute({
    method: 'post', path: '/campaigns', tags: campaignTags, summary: 'Create a campaign (a draft until started)',
    request: { body: { content: { 'application/json': { schema: CreateCampaignSchema } }, required: true } },
    responses: {
      201: json(CampaignSchema, 'The campaign'),
      ...problemResponses(400, 401, 403, 404, 409),
      422: { description: 'The channel cannot run campaigns (`channel_no_proactive_outbound`), needs a template (`template_required`), or the approved template\'s header needs a file the message does not give (`template_header_missing`)' },
    },
  }), async (c) => {
    const principal = supervisor(c);
    const body = c.req.valid('json');
    // Asked of the provider only for the caller's own channel; createCampaign refuses any other.
    if (deps.channels.context(body.channelId)?.ctx.accountId === principal.accountId) {
      await refuseUnsendableTemplate(deps.channels, body.channelId, toCampaignMessage(body.message), 'message');
    }
    return c.json(createCampaign(db, deps.channels, principal.accountId, body, principal.userId ?? principal.keyId) as any, 201);
  });

  app.openapi(createRoute({
    method: 'post', path: '/cases/{id}/outreach', tags: campaignTags,
    summary: 'Write first to the case\'s customer on another channel (agents too): a campaign of one, with every campaign rule',
    request: {
      params: IdParam('Case'),
      body: { content: { 'application/json': { schema: z.object({
        channelId: z.string().min(1),
        message: CreateCampaignSchema.shape.message,
        skillId: z.string().min(1).max(100).nullable().optional().openapi({ description: 'Replies become cases routed to this skill; omit for one-way.' }),
      }) } }, required: true },
    },
    responses: {
      201: json(CampaignSchema, 'The outreach, started'),
      ...problemResponses(400, 401, 404, 409, 503),
      422: { description: 'The customer cannot be reached there (`contact_unreachable`), the channel has no proactive outbound, or it needs a template' },
    },
  }), async (c) => {
    const principal = c.get('principal');
    const body = c.req.valid('json');
    const started = await startOutreachFromCase({ ...commands, channels: deps.channels }, principal.accountId, c.req.valid('param').id, body, principal.userId ?? principal.keyId);
    return c.json(started as any, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/campaigns', tags: campaignTags, summary: 'List campaigns with their progress', request: { query: z.object(PageQuery) },
    responses: { 200: json(z.object({ items: z.array(CampaignSchema), nextCursor: z.string().nullable() }), 'A page of campaigns'), ...problemResponses(401) },
  }), (c) => c.json(listCampaigns(db, c.get('principal').accountId, c.req.valid('query')) as any, 200));

  app.openapi(createRoute({
    method: 'get', path: '/campaigns/{id}', tags: campaignTags,
    summary: 'A campaign: status, recipients by status (skips by reason), sends per second, estimated seconds left',
    request: { params: IdParam('Campaign') },
    responses: { 200: json(CampaignSchema, 'The campaign'), ...problemResponses(401, 404) },
  }), (c) => c.json(getCampaign(db, c.get('principal').accountId, c.req.valid('param').id) as any, 200));

  app.openapi(createRoute({
    method: 'get', path: '/campaigns/{id}/recipients', tags: campaignTags, summary: 'The campaign\'s recipients and what happened to each',
    request: { params: IdParam('Campaign'), query: z.object({ ...PageQuery, status: z.enum(RECIPIENT_STATUSES).optional() }) },
    responses: { 200: json(z.object({ items: z.array(Obj), nextCursor: z.string().nullable() }), 'A page of recipients'), ...problemResponses(401, 404) },
  }), (c) => {
    const { limit, cursor, status } = c.req.valid('query');
    return c.json(listRecipients(db, c.get('principal').accountId, c.req.valid('param').id, { limit, status, afterId: cursor ? Number(cursor) : undefined }) as any, 200);
  });

  for (const [action, run, summary] of [
    ['start', async (accountId: string, id: string) => (await startCampaign(commands, accountId, id)).campaign, 'Start: waits for startAt and the sending window, then sends'],
    ['pause', (accountId: string, id: string) => pauseCampaign(commands, accountId, id), 'Pause (a batch in flight stops before its next recipient)'],
    ['resume', (accountId: string, id: string) => resumeCampaign(commands, accountId, id), 'Resume a paused campaign'],
    ['cancel', (accountId: string, id: string) => cancelCampaign(commands, accountId, id), 'Cancel: nobody else gets the message'],
  ] as const) {
    app.openapi(createRoute({
      method: 'post', path: `/campaigns/{id}/${action}`, tags: campaignTags, summary, request: { params: IdParam('Campaign') },
      responses: { 200: json(CampaignSchema, 'The campaign'), ...problemResponses(401, 403, 404, 409, 503) },
    }), async (c) => {
      const principal = supervisor(c);
      return c.json(await run(principal.accountId, c.req.valid('param').id) as any, 200);
    });
  }

  return app;
}
