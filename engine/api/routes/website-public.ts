// The website snippet's public endpoints (no API key: the site id is public and the page's origin
// must be one the site allows): the loader script at /w/{siteId}.js and the chat module, the
// site's public configuration, and visitor events. Web messaging is in webchat-public.ts.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { findSite, publicSiteConfig } from '../../website/site-store';
import { readableRefusals, siteAccess } from '../../website/site-access';
import { RateLimiter } from '../../website/rate-limit';
import { recordVisitorEvents } from '../../website/visitor-event-store';
import { parseVisitorEvents } from '../../../model/website/visitor-events';
import { staticFiles } from '../static-files';

export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../widget/dist', import.meta.url));
const MAX_EVENTS_BODY = 64 * 1024;

export interface WebsitePublicDeps {
  db: Db;
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

  const { siteFor } = siteAccess(deps.db);
  app.use('/w/*', readableRefusals);

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

  return app;
}
