// Web messaging through the website snippet (public; the site's allowed origins only): a visitor's
// messages in — stored like any channel's inbound message, de-duplicated by the widget's message
// id, a tapped option recorded as the answer — and their conversation out: the history, and a
// server-sent event stream that resumes where it left off. A visitor is known by the random id
// the snippet keeps in their browser.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { InboundEvent } from '../../../connectors/connector';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';
import { RateLimiter } from '../../website/rate-limit';
import { siteAccess } from '../../website/site-access';
import { identitySecret, type SiteRow } from '../../website/site-store';
import { adoptVisitorThread, markRepliesRead, openVisitorCase } from '../../website/visitor-conversation';
import { verifyVisitorIdentity } from '../../website/visitor-identity';
import { changeStatus, type CaseCommandDeps } from '../../cases/case-commands';
import type { SecretBox } from '../../security/secret-box';
import { visitorThread } from '../../website/visitor-thread';
import { followVisitorThread } from '../../website/visitor-live-feed';
import { asInboundAttachment, linkToMessage, uploadsForMessage } from '../../attachments/attachment-store';

const VisitorId = z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/, { message: 'A visitor id issued by the snippet' });

const VisitorMessageSchema = z.object({
  visitorId: VisitorId,
  /** The widget's own id for the message: a resend after a dropped connection is not a second message. */
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'An id the widget made for this message' }),
  text: z.string().trim().max(4_000).default(''),
  /** Files uploaded first (POST /w/:siteId/attachments): their ids. A message may be attachments only. */
  attachments: z.array(z.string().regex(/^file_[a-z0-9]{12,40}$/, { message: 'An id from an upload' })).max(10).default([]),
  /** A tapped option (quick reply, button, list item, time slot): its id. */
  postback: z.object({ optionId: z.string().min(1).max(200) }).optional(),
  /** From the pre-chat form. */
  name: z.string().trim().min(1).max(120).optional(),
  email: z.email({ message: 'An email address such as ana@example.com' }).max(200).optional(),
  /** A signed-in visitor's identity token (Parley.identify). */
  identity: z.string().max(4_000).optional(),
  /** The browser's language (navigator.language): the contact's language when Parley has none yet. */
  language: z.string().max(64).optional(),
}).refine((m) => m.text.length > 0 || m.attachments.length > 0, { path: ['text'], message: 'Write something' });

const VisitorActionSchema = z.object({ visitorId: VisitorId, identity: z.string().max(4_000).optional() });
const ReadSchema = VisitorActionSchema.extend({ upTo: z.string().min(1).max(64) });
const IdentifySchema = VisitorActionSchema.extend({ identity: z.string().min(1).max(4_000) });

const issuesOf = (err: z.ZodError) => err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

export interface WebchatPublicDeps {
  db: Db;
  box: SecretBox;
  /** Ending a conversation resolves its case through the case workflow. */
  commands?: CaseCommandDeps;
  /** Stores a visitor's message like any channel's inbound message (and wakes the case dispatcher). */
  ingest?: (channel: IngestChannel, events: InboundEvent[]) => IngestResult;
  now?: () => number;
}

export function webchatPublicRoutes(deps: WebchatPublicDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const { siteFor } = siteAccess(deps.db);
  // Per visitor: bursts of 30 messages, one every 2 s sustained.
  const perVisitor = new RateLimiter(30, 0.5);

  /** Who is writing: a signed-in visitor's user (verified token), else the anonymous visitor id. */
  const visitorKey = async (site: SiteRow, visitorId: string, token: string | undefined) => (await visitorOf(site, visitorId, token)).externalId;
  const visitorOf = async (site: SiteRow, visitorId: string, token: string | undefined): Promise<{ externalId: string; name?: string; email?: string; verified: boolean }> =>
    token ? { ...(await verifyVisitorIdentity(identitySecret(deps.box, site), token, now())), verified: true } : { externalId: visitorId, verified: false };

  const jsonBody = async <T>(c: { req: { json(): Promise<unknown> } }, schema: z.ZodType<T>): Promise<T> => {
    let body: unknown;
    try { body = await c.req.json(); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ParleyError(400, 'validation_failed', 'The request is not valid.', issuesOf(parsed.error));
    return parsed.data;
  };

  /** The visitor of a GET (history, stream: EventSource cannot send headers, so the token rides in the query). */
  const visitorOfQuery = async (c: { req: { query(k: string): string | undefined } }, site: SiteRow) => {
    const visitorId = VisitorId.safeParse(c.req.query('visitorId'));
    if (!visitorId.success) throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued.', [{ path: 'visitorId', message: visitorId.error.issues[0].message }]);
    return visitorKey(site, visitorId.data, c.req.query('identity') || undefined);
  };

  /** The site's web chat channel, or a clear refusal when web chat is not one of its entry points. */
  const webchatOf = (site: SiteRow) => {
    if (!site.webchatChannelId || !site.settings.entryPoints.some((e) => e.type === 'webchat')) {
      throw new ParleyError(409, 'webchat_off', 'Web chat is not an entry point of this site.');
    }
    return site.webchatChannelId;
  };

  app.post('/w/:siteId/messages', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const m = await jsonBody(c, VisitorMessageSchema);
    if (!perVisitor.take(`${site.id}:${m.visitorId}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many messages; wait a moment.');
    const visitor = await visitorOf(site, m.visitorId, m.identity);
    const who = visitor.externalId;
    const name = visitor.name ?? m.name;
    // A signed-in visitor's earlier anonymous messages join their thread first.
    if (visitor.verified) adoptVisitorThread(deps.db, channelId, m.visitorId, visitor, now());
    if (!deps.ingest) throw new ParleyError(503, 'webchat_unavailable', 'This Parley process does not take web chat messages.');
    const at = now();
    const files = uploadsForMessage(deps.db, channelId, who, m.attachments);
    // The raw event is the widget's wire format: the answer parser reads a tapped option's id from it.
    const event: InboundEvent = {
      kind: 'message', eventId: `wc_${m.visitorId}_${m.clientMessageId}`, providerMessageId: m.clientMessageId, threadId: who,
      sender: { externalId: who, ...(name ? { name } : {}), ...(m.language ? { language: m.language } : {}) }, text: m.text, attachments: files.map(asInboundAttachment), occurredAt: at,
      raw: { type: 'message', clientMessageId: m.clientMessageId, text: m.text, ...(m.postback ? { postback: m.postback } : {}) },
    };
    const result = deps.ingest({ id: channelId, accountId: site.accountId, type: 'webchat' }, [event]);
    if (result.messageIds[0]) linkToMessage(deps.db, m.attachments, result.messageIds[0]);
    // The pre-chat form's name and email fill an anonymous visitor's contact (where Parley had none).
    if (!visitor.verified && (m.name || m.email)) adoptVisitorThread(deps.db, channelId, m.visitorId, { externalId: who, name: m.name, email: m.email }, now());
    // The first message of a signed-in visitor made their contact: it gets their name and email.
    if (visitor.verified) adoptVisitorThread(deps.db, channelId, m.visitorId, visitor, now());
    return c.json({ accepted: result.accepted, duplicate: result.duplicates > 0 }, 202, cors);
  });

  app.get('/w/:siteId/messages', async (c) => {
    const { site, cors } = siteFor(c);
    const who = await visitorOfQuery(c, site);
    return c.json({ items: visitorThread(deps.db, webchatOf(site), who) }, 200, { ...cors, 'cache-control': 'no-store' });
  });

  // A visitor signs in: their anonymous thread becomes their user's (on every device from now on).
  app.post('/w/:siteId/identify', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const body = await jsonBody(c, IdentifySchema);
    const verified = await verifyVisitorIdentity(identitySecret(deps.box, site), body.identity, now());
    adoptVisitorThread(deps.db, channelId, body.visitorId, verified, now());
    return c.json({ identified: true, name: verified.name ?? null }, 200, cors);
  });

  // "End conversation": the visitor's open case is resolved (their next message reopens it or starts a new one).
  app.post('/w/:siteId/end', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const body = await jsonBody(c, VisitorActionSchema);
    const open = openVisitorCase(deps.db, channelId, await visitorKey(site, body.visitorId, body.identity));
    if (!open) return c.json({ ended: false }, 200, cors);
    if (!deps.commands) throw new ParleyError(503, 'webchat_unavailable', 'This Parley process cannot end conversations.');
    await changeStatus(deps.commands, open.accountId, open.id, 'resolved', { actorId: 'customer' });
    return c.json({ ended: true, caseId: open.id }, 200, cors);
  });

  // Read receipts: the visitor saw the replies up to a message.
  app.post('/w/:siteId/read', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const body = await jsonBody(c, ReadSchema);
    const read = markRepliesRead(deps.db, channelId, await visitorKey(site, body.visitorId, body.identity), body.upTo, now());
    return c.json({ read }, 200, cors);
  });

  // Server-sent events: each message once as `message` (id = message id, so a reconnecting
  // EventSource resumes after the last one it saw), a comment every 25 s to keep proxies open.
  app.get('/w/:siteId/stream', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const who = await visitorOfQuery(c, site);
    const resumeFrom = c.req.header('last-event-id') ?? c.req.query('after');
    for (const [k, v] of Object.entries(cors)) c.header(k, v);
    return streamSSE(c, async (stream) => {
      // The same feed as the WebSocket (engine/website/visitor-live-feed.ts): messages once, in order; the team's typing.
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      await followVisitorThread({
        db: deps.db, channelId, who, after: resumeFrom, signal: stop.signal,
        send: (f) => (f.type === 'message' ? stream.writeSSE({ event: 'message', id: f.message.id, data: JSON.stringify(f.message) })
          : f.type === 'typing' ? stream.writeSSE({ event: 'typing', data: JSON.stringify({ active: f.active, name: f.name, expiresInMs: f.expiresInMs }) })
          : stream.write(': keep-alive\n\n')),
      });
    });
  });

  return app;
}
