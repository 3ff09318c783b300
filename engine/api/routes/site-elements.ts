// Engagement Mapper in the API (issue #8): a site's mapped elements (supervisors read, admins
// change), and the short-lived mapper token an admin opens the site's page with to map more.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { getSite } from '../../website/site-store';
import {
  createMappedElement, deleteMappedElement, listMappedElementViews, mappedElementViewWithCrop, MappedElementInputSchema, MappedElementPatchSchema, updateMappedElement,
} from '../../website/mapped-elements';
import { getCrop } from '../../website/mapped-elements-crop';
import { ParleyError } from '../../errors';
import { issueMapperToken, mapperKey } from '../../website/mapped-elements-token';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import type { FlowRouteDeps } from './flow-deps';

const tags = ['Websites'];

const ElementSchema = z.object({
  id: z.string(), siteId: z.string(), name: z.string(), pageUrlPattern: z.string(),
  status: z.enum(['matches', 'no_longer_matches', 'not_checked']).openapi({ description: 'What visitors\' snippets last reported on pages matching the pattern' }),
  lastMissUrl: z.string().nullable(),
  crop: z.object({ width: z.number(), height: z.number(), url: z.string() }).nullable()
    .openapi({ description: 'The picture mapping mode took of the element (GET the url with your API key), or null' }),
}).passthrough().openapi('MappedElement');

const ElementParams = z.object({ id: z.string().min(1), elementId: z.string().min(1) });

export function siteElementRoutes(deps: FlowRouteDeps) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(createRoute({
    method: 'get', path: '/sites/{id}/elements', tags, summary: 'The site\'s mapped elements, with whether each still matches',
    request: { params: IdParam('id') }, responses: { 200: json(z.object({ items: z.array(ElementSchema) }), 'Mapped elements'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const site = getSite(deps.db, p.accountId, c.req.valid('param').id);
    return c.json({ items: listMappedElementViews(deps.db, site.id) } as any, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/sites/{id}/elements', tags, summary: 'Map an element (usually done from mapping mode on the site)',
    request: { params: IdParam('id'), body: { content: { 'application/json': { schema: MappedElementInputSchema } }, required: true } },
    responses: { 201: json(ElementSchema, 'The mapped element'), ...problemResponses(400, 401, 403, 404, 409) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const site = getSite(deps.db, p.accountId, c.req.valid('param').id);
    return c.json(mappedElementViewWithCrop(deps.db, createMappedElement(deps.db, site, c.req.valid('json'), p.userId ?? p.keyId)) as any, 201);
  });

  app.openapi(createRoute({
    method: 'patch', path: '/sites/{id}/elements/{elementId}', tags, summary: 'Rename a mapped element or change its locator or pages',
    request: { params: ElementParams, body: { content: { 'application/json': { schema: MappedElementPatchSchema } }, required: true } },
    responses: { 200: json(ElementSchema, 'The mapped element'), ...problemResponses(400, 401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const { id, elementId } = c.req.valid('param');
    const site = getSite(deps.db, p.accountId, id);
    return c.json(mappedElementViewWithCrop(deps.db, updateMappedElement(deps.db, site.id, elementId, c.req.valid('json'))) as any, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/sites/{id}/elements/{elementId}/crop', tags, summary: 'The picture mapping mode took of a mapped element (PNG or WebP)',
    request: { params: ElementParams },
    responses: { 200: { description: 'The image', content: { 'image/png': { schema: z.any() }, 'image/webp': { schema: z.any() } } }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'supervisor');
    const { id, elementId } = c.req.valid('param');
    const crop = getCrop(deps.db, getSite(deps.db, p.accountId, id).id, elementId);
    if (!crop) throw new ParleyError(404, 'crop_not_found', `Mapped element ${elementId} has no picture.`);
    // Its own content type, never sniffed; a new picture gets a new ?v= in the element's crop.url.
    return c.body(new Uint8Array(crop.bytes), 200, { 'content-type': crop.mime, 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' });
  });

  app.openapi(createRoute({
    method: 'delete', path: '/sites/{id}/elements/{elementId}', tags, summary: 'Forget a mapped element (rules naming it stop matching)',
    request: { params: ElementParams }, responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const { id, elementId } = c.req.valid('param');
    deleteMappedElement(deps.db, getSite(deps.db, p.accountId, id).id, elementId);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'post', path: '/sites/{id}/mapper-token', tags, summary: 'A 10-minute token that opens mapping mode on the site (append #parley-map=<token> to a page URL)',
    request: { params: IdParam('id') },
    responses: { 200: json(z.object({ token: z.string(), expiresAt: z.string() }), 'The token'), ...problemResponses(401, 403, 404) },
  }), (c) => {
    const p = c.get('principal');
    requireRole(p, 'admin');
    const site = getSite(deps.db, p.accountId, c.req.valid('param').id);
    const { token, expiresAt } = issueMapperToken(mapperKey(deps.db, deps.box, site.id), { s: site.id, k: p.keyId, ...(p.userId ? { u: p.userId } : {}) });
    return c.json({ token, expiresAt: new Date(expiresAt).toISOString() }, 200);
  });

  return app;
}
