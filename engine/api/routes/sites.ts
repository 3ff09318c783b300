// Websites the Parley snippet runs on (issue #8): admins create and change them; supervisors read.
// A site's view carries the script tag to paste; its identity secret (for Parley.identify) is
// shown to admins and can be replaced.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { SiteSettingsSchema } from '../../../model/website/site-settings';
import {
  createSite, deleteSite, getSite, identitySecret, listSites, rotateIdentitySecret, siteView, updateSite, type SiteRow,
} from '../../website/site-store';
import { offerStats } from '../../website/visitor-event-store';
import { ensureWebchatChannel } from '../../website/webchat-channel';
import { checkOfflineReplyChannel } from '../../website/offline-message';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const tags = ['Websites'];

const SiteSchema = z.object({
  id: z.string(),
  snippet: z.string().openapi({ description: 'The script tag to paste before </body> on every page of the site.' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).passthrough().openapi('Site', { description: 'The site settings (see SiteSettings) with its id and snippet.' });

const Secret = z.object({ identitySecret: z.string().openapi({ description: 'HS256 secret: the site\'s backend signs visitor identities (Parley.identify) with it.' }) });

/** Where browsers reach this Parley: the request's own origin (behind a proxy, its forwarded host). */
function publicBase(url: string, forwardedHost?: string, forwardedProto?: string): string {
  const u = new URL(url);
  return forwardedHost ? `${forwardedProto ?? 'https'}://${forwardedHost}` : u.origin;
}

export function siteRoutes(deps: FlowRouteDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const view = (row: SiteRow, base: string) => ({ ...siteView(row), snippet: `<script src="${base}/w/${row.id}.js" async></script>` });
  const baseOf = (c: { req: { url: string; header(name: string): string | undefined } }) =>
    publicBase(c.req.url, c.req.header('x-forwarded-host'), c.req.header('x-forwarded-proto'));

  app.openapi(createRoute({
    method: 'get', path: '/sites', tags, summary: 'The websites of this account',
    responses: { 200: json(z.object({ items: z.array(SiteSchema) }), 'Sites'), ...problemResponses(401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json({ items: listSites(deps.db, p.accountId).map((r) => view(r, baseOf(c))) } as any, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/sites', tags, summary: 'Add a website (its snippet is in the answer)',
    request: { body: { content: { 'application/json': { schema: SiteSettingsSchema } }, required: true } },
    responses: { 201: json(SiteSchema, 'The new site'), ...problemResponses(400, 401, 403) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    checkOfflineReplyChannel(deps.channels, p.accountId, c.req.valid('json'));
    const site = ensureWebchatChannel(deps.db, deps.channels, createSite(deps.db, deps.box, p.accountId, c.req.valid('json')));
    return c.json(view(site, baseOf(c)) as any, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/sites/{id}', tags, summary: 'One website',
    request: { params: IdParam('id') }, responses: { 200: json(SiteSchema, 'The site'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    return c.json(view(getSite(deps.db, p.accountId, c.req.valid('param').id), baseOf(c)) as any, 200);
  });

  app.openapi(createRoute({
    method: 'put', path: '/sites/{id}', tags, summary: 'Replace a website\'s settings (origins, entry points, branding, Guide rules)',
    request: { params: IdParam('id'), body: { content: { 'application/json': { schema: SiteSettingsSchema } }, required: true } },
    responses: { 200: json(SiteSchema, 'The site'), ...problemResponses(400, 401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    checkOfflineReplyChannel(deps.channels, p.accountId, c.req.valid('json'));
    const site = ensureWebchatChannel(deps.db, deps.channels, updateSite(deps.db, p.accountId, c.req.valid('param').id, c.req.valid('json')));
    return c.json(view(site, baseOf(c)) as any, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/sites/{id}', tags, summary: 'Remove a website (its snippet stops working, its visitor events go)',
    request: { params: IdParam('id') }, responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    deleteSite(deps.db, p.accountId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'get', path: '/sites/{id}/identity-secret', tags, summary: 'The secret the site\'s backend signs visitor identities with (admins)',
    request: { params: IdParam('id') }, responses: { 200: json(Secret, 'The secret'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json({ identitySecret: identitySecret(deps.box, getSite(deps.db, p.accountId, c.req.valid('param').id)) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/sites/{id}/identity-secret', tags, summary: 'Replace the identity secret (identities signed with the old one are refused)',
    request: { params: IdParam('id') }, responses: { 200: json(Secret, 'The new secret'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    return c.json({ identitySecret: rotateIdentitySecret(deps.db, deps.box, p.accountId, c.req.valid('param').id) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/sites/{id}/offers', tags, summary: 'Proactive offers shown, clicked and dismissed per Guide rule (the conversion view)',
    request: { params: IdParam('id'), query: z.object({ days: z.coerce.number().int().min(1).max(30).default(7) }) },
    responses: {
      200: json(z.object({ items: z.array(z.object({ ruleId: z.string(), offerId: z.string(), shown: z.number(), clicked: z.number(), dismissed: z.number() })) }), 'Per rule and offer'),
      ...problemResponses(401, 403, 404),
    },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const site = getSite(deps.db, p.accountId, c.req.valid('param').id);
    return c.json({ items: offerStats(deps.db, site.id, Date.now() - c.req.valid('query').days * 24 * 3_600_000) }, 200);
  });

  return app;
}
