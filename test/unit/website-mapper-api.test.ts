// Engagement Mapper over HTTP (app.request, real SQLite): admins list, add, rename and remove a
// site's mapped elements, and get a 10-minute mapper token; the site's page saves an element with
// that token (origin-checked) while a forged, expired or other site's token is refused with nothing
// saved; the public configuration carries the mapped elements; visitors' reports say when one no
// longer matches; each visitor event becomes a rule event with the element's name and counts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../engine/security/secret-box';
import { issueMapperToken, mapperKey, verifyMapperToken, MAPPER_TOKEN_TTL_MS } from '../../engine/website/mapped-elements-token';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const visitorId = 'v_Zk3mQ8rT1xYw9pLa';
const locator = { css: 'main > div.product > button', data: { name: 'data-sku', value: 'cafe-250' }, text: 'Buy' };

describe('Engagement Mapper API', () => {
  let t: ReturnType<typeof testApp>;
  let siteId: string;
  beforeEach(async () => {
    t = testApp();
    const res = await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN], entryPoints: [{ type: 'webchat' }] } });
    siteId = (await res.json()).id;
  });
  afterEach(() => t.close());

  const pub = (path: string, body: unknown, origin = ORIGIN) =>
    t.app.request(`/w/${siteId}/${path}`, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  const token = async (key?: string) => t.request(`/api/v1/sites/${siteId}/mapper-token`, { method: 'POST', ...(key ? { key } : {}) });

  it('admins map, rename and remove elements; supervisors read; the public configuration carries them', async () => {
    const created = await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: 'Buy button', locator, pageUrlPattern: '/shop/*' } });
    expect(created.status).toBe(201);
    const el = await created.json();
    expect(el).toMatchObject({ name: 'Buy button', pageUrlPattern: '/shop/*', status: 'not_checked', locator });
    expect((await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', key: t.supervisorKey, json: { name: 'x', locator } })).status).toBe(403);
    const bad = await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: '', locator: { css: '' }, pageUrlPattern: 'shop' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['name', 'locator.css', 'pageUrlPattern']));

    const renamed = await (await t.request(`/api/v1/sites/${siteId}/elements/${el.id}`, { method: 'PATCH', json: { name: 'Checkout button' } })).json();
    expect(renamed.name).toBe('Checkout button');
    const list = await (await t.request(`/api/v1/sites/${siteId}/elements`, { key: t.supervisorKey })).json();
    expect(list.items.map((e: { name: string }) => e.name)).toEqual(['Checkout button']);

    const config = await (await t.app.request(`/w/${siteId}/config`, { headers: { origin: ORIGIN } })).json();
    expect(config.mappedElements).toEqual([{ id: el.id, locator, pageUrlPattern: '/shop/*' }]);

    expect((await t.request(`/api/v1/sites/${siteId}/elements/${el.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.request(`/api/v1/sites/${siteId}/elements/${el.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await (await t.app.request(`/w/${siteId}/config`, { headers: { origin: ORIGIN } })).json()).mappedElements).toEqual([]);
  });

  it('the page saves an element with the admin\'s mapper token; forged, expired, foreign-site and foreign-origin attempts save nothing', async () => {
    expect((await token(t.supervisorKey)).status).toBe(403);
    const issued = await (await token()).json();
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(MAPPER_TOKEN_TTL_MS - 5_000);

    const saved = await pub('elements', { token: issued.token, name: 'Buy button', locator, pageUrlPattern: '/shop/*' });
    expect(saved.status).toBe(201);
    expect(saved.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(t.count('mapped_elements')).toBe(1);

    const [body, mac] = issued.token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3_600_000 })).toString('base64url');
    const refusals = [
      await pub('elements', { token: `${forgedBody}.${mac}`, name: 'Forged', locator }),
      await pub('elements', { token: 'not-a-token', name: 'Forged', locator }),
      await pub('elements', { name: 'No token', locator }),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(401);
      expect((await r.json()).code).toBe('invalid_mapper_token');
    }
    // Signed with another key (e.g. another Parley), and expired.
    const otherKey = mapperKey(t.db, createSecretBox(Buffer.alloc(32, 7)), 'site_other');
    expect((await pub('elements', { token: issueMapperToken(otherKey, { s: siteId, k: claims.k }).token, name: 'x', locator })).status).toBe(401);
    const realKey = mapperKey(t.db, t.box, siteId);
    const expired = issueMapperToken(realKey, { s: siteId, k: claims.k }, Date.now() - MAPPER_TOKEN_TTL_MS - 1).token;
    const expiredRes = await pub('elements', { token: expired, name: 'x', locator });
    expect(expiredRes.status).toBe(401);
    expect((await expiredRes.json()).detail).toContain('expired');
    // A genuine token from another origin is refused by the origin check.
    expect((await pub('elements', { token: issued.token, name: 'x', locator }, 'https://evil.example')).status).toBe(403);
    expect(t.count('mapped_elements')).toBe(1);
    expect(verifyMapperToken(realKey, issued.token, 'site_other')).toMatchObject({ ok: false, reason: expect.stringContaining('another site') });
  });

  it('says when an element no longer matches, from visitors\' reports', async () => {
    const el = await (await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: 'Buy button', locator } })).json();
    expect((await pub('element-checks', { url: `${ORIGIN}/shop/1`, found: [el.id], missing: [] })).status).toBe(204);
    const status = async () => (await (await t.request(`/api/v1/sites/${siteId}/elements`)).json()).items[0];
    expect((await status()).status).toBe('matches');
    await new Promise((r) => setTimeout(r, 5));
    expect((await pub('element-checks', { url: `${ORIGIN}/shop/2`, found: [], missing: [el.id] })).status).toBe(204);
    expect(await status()).toMatchObject({ status: 'no_longer_matches', lastMissUrl: `${ORIGIN}/shop/2` });
    // A new locator has not been checked yet.
    await t.request(`/api/v1/sites/${siteId}/elements/${el.id}`, { method: 'PATCH', json: { locator: { ...locator, css: 'button.buy' } } });
    expect((await status()).status).toBe('not_checked');
    expect((await pub('element-checks', { url: 'nope', found: [] })).status).toBe(400);
  });

  it('records each visitor event as a rule event: element name, interaction, counts per window, tags, page', async () => {
    const el = await (await t.request(`/api/v1/sites/${siteId}/elements`, { method: 'POST', json: { name: 'Buy button', locator } })).json();
    const now = Date.now();
    const click = (at: number) => ({ type: 'element', at, url: `${ORIGIN}/shop/1`, elementId: el.id, interaction: 'click' });
    const res = await pub('events', {
      visitorId, tags: ['vip'],
      events: [
        { type: 'page_view', at: now - 200_000, url: `${ORIGIN}/shop/1`, title: 'Café' }, click(now - 180_000), click(now - 1_000),
        { type: 'element', at: now, url: `${ORIGIN}/shop/1`, elementId: el.id, interaction: 'hover', ms: 800 }, click(now),
        { type: 'custom', at: now, url: `${ORIGIN}/shop/1`, name: 'cart.add', data: { sku: 'cafe-250' } },
      ],
    });
    expect(res.status).toBe(202);
    const events = (t.db.$client.prepare('select type, payload from rule_events order by occurred_at, rowid').all() as { type: string; payload: string }[])
      .map((r) => ({ type: r.type, payload: JSON.parse(r.payload).payload }));
    expect(events.map((e) => e.type)).toEqual(['visitor.page_view', 'visitor.element', 'visitor.element', 'visitor.element', 'visitor.element', 'visitor.custom']);
    const clicks = events.filter((e) => e.payload.interaction === 'click').map((e) => e.payload);
    expect(clicks.map((p) => [p.countInLast['1'], p.countInLast['2'], p.countInLast['5']])).toEqual([[1, 1, 1], [1, 1, 2], [2, 2, 3]]);
    expect(clicks[2]).toMatchObject({ element: { id: el.id, name: 'Buy button' }, tags: ['vip'], url: `${ORIGIN}/shop/1`, visitorId, siteId });
    expect(events.find((e) => e.payload.interaction === 'hover')!.payload).toMatchObject({ ms: 800, countInLast: { 60: 1 } });
    expect(events[5].payload).toMatchObject({ name: 'cart.add', data: { sku: 'cafe-250' } });
    expect(t.count('visitor_events')).toBe(6);
    expect(t.ruleEventWakes).toBeGreaterThan(0);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sites/{id}/elements', '/api/v1/sites/{id}/elements/{elementId}', '/api/v1/sites/{id}/mapper-token']));
  });
});
