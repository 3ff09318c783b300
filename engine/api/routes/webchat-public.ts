// Web messaging through the website snippet (public; the site's allowed origins only): a visitor's
// messages in — stored like any channel's inbound message, de-duplicated by the widget's message
// id, a tapped option recorded as the answer — and their conversation out: the history, and a
// server-sent event stream that resumes where it left off. A visitor is known by the random id
// the snippet keeps in their browser.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { InboundEvent } from '../../../connectors/connector';
import { onWebchatDelivery } from '../../../connectors/webchat/delivery-signal';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';
import { RateLimiter } from '../../website/rate-limit';
import { readableRefusals, siteAccess } from '../../website/site-access';
import type { SiteRow } from '../../website/site-store';
import { messageTime, visitorThread } from '../../website/visitor-thread';

const VisitorId = z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/, { message: 'A visitor id issued by the snippet' });

const VisitorMessageSchema = z.object({
  visitorId: VisitorId,
  /** The widget's own id for the message: a resend after a dropped connection is not a second message. */
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'An id the widget made for this message' }),
  text: z.string().trim().min(1, { message: 'Write something' }).max(4_000),
  /** A tapped option (quick reply, button, list item, time slot): its id. */
  postback: z.object({ optionId: z.string().min(1).max(200) }).optional(),
  /** From the pre-chat form. */
  name: z.string().trim().min(1).max(120).optional(),
});

/** How often an open stream looks for messages written by another process (this one's wake it at once). */
const STREAM_POLL_MS = 1_000;
const STREAM_KEEPALIVE_MS = 25_000;

export interface WebchatPublicDeps {
  db: Db;
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
  app.use('/w/*', readableRefusals);

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
    let body: unknown;
    try { body = await c.req.json(); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const parsed = VisitorMessageSchema.safeParse(body);
    if (!parsed.success) throw new ParleyError(400, 'validation_failed', 'The message is not valid.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const m = parsed.data;
    if (!perVisitor.take(`${site.id}:${m.visitorId}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many messages; wait a moment.');
    if (!deps.ingest) throw new ParleyError(503, 'webchat_unavailable', 'This Parley process does not take web chat messages.');
    const at = now();
    // The raw event is the widget's wire format: the answer parser reads a tapped option's id from it.
    const event: InboundEvent = {
      kind: 'message', eventId: `wc_${m.visitorId}_${m.clientMessageId}`, providerMessageId: m.clientMessageId, threadId: m.visitorId,
      sender: { externalId: m.visitorId, ...(m.name ? { name: m.name } : {}) }, text: m.text, attachments: [], occurredAt: at,
      raw: { type: 'message', clientMessageId: m.clientMessageId, text: m.text, ...(m.postback ? { postback: m.postback } : {}) },
    };
    const result = deps.ingest({ id: channelId, accountId: site.accountId, type: 'webchat' }, [event]);
    return c.json({ accepted: result.accepted, duplicate: result.duplicates > 0 }, 202, cors);
  });

  app.get('/w/:siteId/messages', (c) => {
    const { site, cors } = siteFor(c);
    const visitorId = VisitorId.safeParse(c.req.query('visitorId'));
    if (!visitorId.success) throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued.', [{ path: 'visitorId', message: visitorId.error.issues[0].message }]);
    return c.json({ items: visitorThread(deps.db, webchatOf(site), visitorId.data) }, 200, { ...cors, 'cache-control': 'no-store' });
  });

  // Server-sent events: each message once as `message` (id = message id, so a reconnecting
  // EventSource resumes after the last one it saw), a comment every 25 s to keep proxies open.
  app.get('/w/:siteId/stream', (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    const visitorId = VisitorId.safeParse(c.req.query('visitorId'));
    if (!visitorId.success) throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued.');
    const resumeFrom = c.req.header('last-event-id') ?? c.req.query('after');
    for (const [k, v] of Object.entries(cors)) c.header(k, v);
    return streamSSE(c, async (stream) => {
      let since = resumeFrom ? messageTime(deps.db, resumeFrom) : undefined;
      const seen = new Set<string>(resumeFrom ? [resumeFrom] : []);
      let wake: (() => void) | null = null;
      const unsubscribe = onWebchatDelivery((id) => { if (id === channelId) wake?.(); });
      stream.onAbort(() => { unsubscribe(); wake?.(); });
      let lastWrite = Date.now();
      try {
        while (!stream.aborted) {
          for (const m of visitorThread(deps.db, channelId, visitorId.data, since === undefined ? {} : { since })) {
            if (seen.has(m.id)) continue;
            seen.add(m.id);
            since = Math.max(since ?? 0, m.at);
            await stream.writeSSE({ event: 'message', id: m.id, data: JSON.stringify(m) });
            lastWrite = Date.now();
          }
          if (Date.now() - lastWrite > STREAM_KEEPALIVE_MS) { await stream.write(': keep-alive\n\n'); lastWrite = Date.now(); }
          await new Promise<void>((resolve) => { const t = setTimeout(resolve, STREAM_POLL_MS); wake = () => { clearTimeout(t); resolve(); }; });
          wake = null;
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}
