// The website snippet's public endpoints (no API key: the site id is public and the page's origin
// must be one the site allows): the loader script at /w/{siteId}.js and the chat module, the
// site's public configuration, visitor events, and web messaging — a visitor's messages in, their
// conversation out (history, and a server-sent event stream that resumes where it left off).
// CORS answers only allowed origins. A visitor is known by the random id the snippet keeps.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { InboundEvent } from '../../../connectors/connector';
import { onWebchatDelivery } from '../../../connectors/webchat/delivery-signal';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';
import { messageTime, visitorThread } from '../../website/visitor-thread';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { findSite, publicSiteConfig, type SiteRow } from '../../website/site-store';
import { RateLimiter } from '../../website/rate-limit';
import { recordVisitorEvents } from '../../website/visitor-event-store';
import { parseVisitorEvents } from '../../../model/website/visitor-events';
import { staticFiles } from '../static-files';

export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../widget/dist', import.meta.url));
const MAX_EVENTS_BODY = 64 * 1024;

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

export interface WebsitePublicDeps {
  db: Db;
  /** Stores a visitor's message like any channel's inbound message (and wakes the case dispatcher). */
  ingest?: (channel: IngestChannel, events: InboundEvent[]) => IngestResult;
  widgetDir?: string;
  now?: () => number;
}

export function websitePublicRoutes(deps: WebsitePublicDeps) {
  const app = new Hono();
  const files = staticFiles();
  const now = deps.now ?? Date.now;
  // Per visitor: bursts of 120 events, 2 a second sustained; per site: 200 a second.
  const perVisitor = new RateLimiter(120, 2);
  const perSite = new RateLimiter(2_000, 200);

  /** The site, if the request comes from one of its allowed origins; CORS headers for that origin. */
  const siteFor = (c: Context): { site: SiteRow; cors: Record<string, string> } => {
    const site = findSite(deps.db, c.req.param('siteId')!);
    if (!site) throw new ParleyError(404, 'site_not_found', `No site ${c.req.param('siteId')}.`);
    const origin = c.req.header('origin');
    if (!origin || !site.settings.allowedOrigins.includes(origin)) {
      throw new ParleyError(403, 'origin_not_allowed', `${origin ?? 'A request without an Origin'} may not use this site: add the origin to the site's allowed origins in the Parley console.`);
    }
    return { site, cors: { 'access-control-allow-origin': origin, vary: 'origin' } };
  };

  // A refusal (wrong origin, no such site, bad events) is readable by the page, so the snippet can
  // say why in the browser console; it carries no data.
  app.use('/w/*', async (c, next) => {
    await next();
    const origin = c.req.header('origin');
    if (origin && c.res.status >= 400 && !c.res.headers.has('access-control-allow-origin')) {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.append('vary', 'origin');
    }
  });

  app.get('/w/:file', (c) => {
    const file = c.req.param('file');
    const siteId = /^([A-Za-z0-9_-]+)\.js$/.exec(file)?.[1];
    if (!siteId) throw new ParleyError(404, 'route_not_found', `No snippet file ${file}.`);
    const js = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };
    if (!findSite(deps.db, siteId)) return c.body(`console.warn("[parley] there is no site ${siteId}: check the snippet in the Parley console.");`, 404, js);
    const loader = files.load(join(deps.widgetDir ?? DEFAULT_WIDGET_DIR, 'loader.js'));
    if (!loader) return c.body('console.warn("[parley] the website snippet is not built on this server: run npm run build:widget.");', 503, js);
    // Short caching: a new Parley version reaches sites within minutes.
    return files.send(c, loader, 'public, max-age=300', { 'access-control-allow-origin': '*' });
  });

  app.get('/w/assets/chat.js', (c) => {
    const chat = files.load(join(deps.widgetDir ?? DEFAULT_WIDGET_DIR, 'chat.js'));
    if (!chat) return c.body('console.warn("[parley] the web chat is not built on this server: run npm run build:widget.");', 503, { 'content-type': 'text/javascript; charset=utf-8' });
    return files.send(c, chat, 'public, max-age=300', { 'access-control-allow-origin': '*' });
  });

  app.options('/w/:siteId/:what', (c) => {
    const { cors } = siteFor(c);
    return c.body(null, 204, { ...cors, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
  });

  app.get('/w/:siteId/config', (c) => {
    const { site, cors } = siteFor(c);
    return c.json(publicSiteConfig(deps.db, site, now()), 200, { ...cors, 'cache-control': 'no-store' });
  });

  app.post('/w/:siteId/events', async (c) => {
    const { site, cors } = siteFor(c);
    // sendBeacon sends text/plain (a simple request without preflight): the body is JSON either way.
    const text = await c.req.text();
    if (text.length > MAX_EVENTS_BODY) throw new ParleyError(413, 'payload_too_large', `Visitor events are limited to ${MAX_EVENTS_BODY} bytes a batch.`);
    let body: unknown;
    try { body = JSON.parse(text); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
    const parsed = parseVisitorEvents(body, now());
    if (!parsed.ok) throw new ParleyError(400, 'validation_failed', 'The visitor events are not valid; none were stored.', parsed.issues);
    const n = parsed.batch.events.length;
    if (!perVisitor.take(`${site.id}:${parsed.batch.visitorId}`, n, now()) || !perSite.take(site.id, n, now())) {
      throw new ParleyError(429, 'rate_limited', 'Too many visitor events; try again in a moment.');
    }
    const stored = recordVisitorEvents(deps.db, site.id, parsed.batch, now());
    return c.json({ stored }, 202, cors);
  });

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
    if (!perVisitor.take(`${site.id}:${m.visitorId}`, 5, now())) throw new ParleyError(429, 'rate_limited', 'Too many messages; wait a moment.');
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
