// The website snippet's public endpoints (no API key: the site id is public and the page's origin
// must be one the site allows): the loader script at /w/{siteId}.js and the chat module, the
// site's public configuration, and visitor events (each also a rule event). The Engagement Mapper's
// module, the elements an admin maps in mapping mode (with a mapper token), and visitors' reports of
// whether mapped elements were found. Web messaging is in webchat-public.ts.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Db } from '../../db/open-database';
import type { SecretBox } from '../../security/secret-box';
import { ParleyError } from '../../errors';
import { findSite, identitySecret, publicSiteConfig } from '../../website/site-store';
import { verifyVisitorIdentity } from '../../website/visitor-identity';
import { siteAccess } from '../../website/site-access';
import { RateLimiter } from '../../website/rate-limit';
import { createMappedElement, ElementCheckSchema, MappedElementInputSchema, mappedElementViewWithCrop, recordElementChecks } from '../../website/mapped-elements';
import { mapperKey, verifyMapperToken } from '../../website/mapped-elements-token';
import { recordVisitorBatch } from '../../website/visitor-rule-events';
import { zodIssues } from '../../validation';
import { parseVisitorEvents } from '../../../model/website/visitor-events';
import { staticFiles } from '../static-files';

export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../widget/dist', import.meta.url));
const MAX_EVENTS_BODY = 64 * 1024;

export interface WebsitePublicDeps {
  db: Db;
  /** Opens the per-site mapper signing keys. */
  box: SecretBox;
  widgetDir?: string;
  now?: () => number;
}

export function websitePublicRoutes(deps: WebsitePublicDeps) {
  const app = new Hono();
  const files = staticFiles();
  const now = deps.now ?? Date.now;
  // Per visitor: bursts of 120 events, 2 a second sustained; per site: bursts of 20,000, 2,000 a second.
  const perVisitor = new RateLimiter(120, 2);
  const perSite = new RateLimiter(20_000, 2_000);

  const { siteFor } = siteAccess(deps.db);

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

  for (const [name, what] of [['chat', 'the web chat'], ['mapper', 'the Engagement Mapper']] as const) {
    app.get(`/w/assets/${name}.js`, (c) => {
      const file = files.load(join(deps.widgetDir ?? DEFAULT_WIDGET_DIR, `${name}.js`));
      if (!file) return c.body(`console.warn("[parley] ${what} is not built on this server: run npm run build:widget.");`, 503, { 'content-type': 'text/javascript; charset=utf-8' });
      return files.send(c, file, 'public, max-age=300', { 'access-control-allow-origin': '*' });
    });
  }

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
    // A signed-in visitor's token rides with the batch: verified before anything is stored (a forged or
    // expired one refuses the whole batch), it finds the web chat case keyed by their user.
    const signedIn = parsed.batch.identity ? await verifyVisitorIdentity(identitySecret(deps.box, site), parsed.batch.identity, now()) : undefined;
    const stored = recordVisitorBatch(deps.db, site, parsed.batch, now(), signedIn);
    return c.json({ stored }, 202, cors);
  });

  /** A small JSON body (sent as text/plain by the snippet: a simple request, no preflight). */
  const jsonBody = async (c: { req: { text(): Promise<string> } }, limit: number): Promise<unknown> => {
    const text = await c.req.text();
    if (text.length > limit) throw new ParleyError(413, 'payload_too_large', `At most ${limit} bytes.`);
    try { return JSON.parse(text); } catch { throw new ParleyError(400, 'invalid_json', 'The body is not JSON.'); }
  };

  // Mapping mode: an admin names an element on the site's page; the mapper token (from the console) proves who.
  app.post('/w/:siteId/elements', async (c) => {
    const { site, cors } = siteFor(c);
    // Room for the element's picture (≤ 60 KB, base64); a bigger one is refused by name below.
    const body = await jsonBody(c, 256 * 1024) as { token?: unknown } | null;
    const verified = verifyMapperToken(mapperKey(deps.db, deps.box, site.id), body?.token, site.id, now());
    if (!verified.ok) throw new ParleyError(401, 'invalid_mapper_token', `${verified.reason}.`);
    // The admin's key or session must still be live (signing out or revoking ends mapping too).
    const key = deps.db.$client.prepare('select account_id, role, revoked_at, expires_at from api_keys where id = ?').get(verified.claims.k) as
      { account_id: string; role: string; revoked_at: number | null; expires_at: number | null } | undefined;
    const live = verified.claims.k === 'bootstrap' || (key && key.account_id === site.accountId && key.role === 'admin' && key.revoked_at === null && (key.expires_at === null || key.expires_at > now()));
    if (!live) throw new ParleyError(401, 'invalid_mapper_token', 'The admin session that opened mapping mode has ended: open it again from the console.');
    const parsed = MappedElementInputSchema.safeParse(body);
    if (!parsed.success) throw new ParleyError(400, 'validation_failed', 'The element is not valid; nothing was saved.', zodIssues(parsed.error));
    const row = createMappedElement(deps.db, site, parsed.data, verified.claims.u ?? verified.claims.k, now());
    return c.json(mappedElementViewWithCrop(deps.db, row), 201, cors);
  });

  // Visitors' snippets say which mapped elements they found on a matching page (once per page and session).
  const checks = new RateLimiter(300, 20);
  app.post('/w/:siteId/element-checks', async (c) => {
    const { site, cors } = siteFor(c);
    const parsed = ElementCheckSchema.safeParse(await jsonBody(c, 16 * 1024));
    if (!parsed.success) throw new ParleyError(400, 'validation_failed', 'The element check is not valid.', zodIssues(parsed.error));
    if (!checks.take(site.id, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many element checks; try again in a moment.');
    recordElementChecks(deps.db, site.id, parsed.data, now());
    return c.body(null, 204, cors);
  });

  return app;
}
