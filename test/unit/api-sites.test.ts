// Websites and the snippet's public endpoints over HTTP (app.request, real SQLite): an admin adds
// a site and gets the script tag; the loader, the public configuration and visitor events answer
// only the site's allowed origins; bad events are refused whole; floods are rate-limited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const site = {
  name: 'Tienda', allowedOrigins: [ORIGIN],
  entryPoints: [{ type: 'webchat' }, { type: 'whatsapp', phone: '+34600111222' }, { type: 'email', address: 'hola@shop.example' }],
  guideRules: [{
    id: 'pricing-help', name: 'Help on pricing',
    conditionSets: [[{ type: 'page', op: 'contains', value: '/pricing' }, { type: 'time_on_page', atLeastSeconds: 5 }]],
    actions: [{ type: 'show_offer', offerId: 'pricing', title: '¿Dudas?', buttons: [{ label: 'Chatear', action: 'chat' }] }],
  }],
};
const visitorId = 'v_Zk3mQ8rT1xYw9pLa';

describe('websites and the snippet', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const createSite = async () => {
    const res = await t.request('/api/v1/sites', { method: 'POST', json: site });
    expect(res.status).toBe(201);
    return res.json() as Promise<{ id: string; snippet: string; branding: { colour: string }; language: string }>;
  };

  it('adds a site with defaults and gives the script tag to paste', async () => {
    const created = await createSite();
    expect(created.snippet).toBe(`<script src="http://localhost/w/${created.id}.js" async></script>`);
    expect(created.branding.colour).toBe('#2563eb');
    expect(created.language).toBe('es');
    const list = await (await t.request('/api/v1/sites', { key: t.supervisorKey })).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    // Supervisors read; only admins change or see the identity secret.
    expect((await t.request('/api/v1/sites', { method: 'POST', json: site, key: t.supervisorKey })).status).toBe(403);
    expect((await t.request(`/api/v1/sites/${created.id}/identity-secret`, { key: t.supervisorKey })).status).toBe(403);
    const secret = await (await t.request(`/api/v1/sites/${created.id}/identity-secret`)).json();
    const rotated = await (await t.request(`/api/v1/sites/${created.id}/identity-secret`, { method: 'POST' })).json();
    expect(rotated.identitySecret).not.toBe(secret.identitySecret);
    expect(rotated.identitySecret.length).toBeGreaterThan(30);
  });

  it('refuses a site that could not work, naming the fields', async () => {
    const res = await t.request('/api/v1/sites', { method: 'POST', json: {
      name: 'x', allowedOrigins: ['https://shop.example/path'], entryPoints: [{ type: 'whatsapp', phone: '600111222' }],
      guideRules: [{ id: 'r', name: 'r', conditionSets: [[{ type: 'page', op: 'regex', value: '(a+)+' }]], actions: [{ type: 'add_visitor_tag', tag: 't' }] }],
    } });
    expect(res.status).toBe(400);
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['allowedOrigins.0', 'entryPoints.0.phone', 'guideRules.0.conditionSets.0.0.value']));
  });

  it('serves the loader and the public configuration to allowed origins only', async () => {
    const { id } = await createSite();
    const loader = await t.app.request(`/w/${id}.js`);
    // The loader is built by npm install (widget/dist); a missing build says how to build it.
    expect([200, 503]).toContain(loader.status);
    expect(loader.headers.get('content-type')).toContain('javascript');
    expect((await t.app.request('/w/site_nope.js')).status).toBe(404);

    const config = await t.app.request(`/w/${id}/config`, { headers: { origin: ORIGIN } });
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = await config.json();
    expect(body).toMatchObject({ siteId: id, language: 'es', requireConsent: false, chatOnline: false });
    expect(body.entryPoints.map((e: { type: string }) => e.type)).toEqual(['webchat', 'whatsapp', 'email']);
    expect(body.guideRules.map((r: { id: string }) => r.id)).toEqual(['pricing-help']);
    // The identity secret never reaches the browser.
    expect(JSON.stringify(body)).not.toContain('identity');

    const other = await t.app.request(`/w/${id}/config`, { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect((await other.json()).code).toBe('origin_not_allowed');
    // The refusal is readable by the page (the snippet explains it in the browser console); it carries no data.
    expect(other.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect((await t.app.request(`/w/${id}/config`)).status).toBe(403);
    const preflight = await t.app.request(`/w/${id}/events`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('stores a visitor event batch whole, refuses a bad one whole, and counts offers per rule', async () => {
    const { id } = await createSite();
    const now = Date.now();
    const post = (body: unknown) => t.app.request(`/w/${id}/events`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
    const offer = (outcome: string) => ({ type: 'offer', at: now, url: `${ORIGIN}/pricing`, ruleId: 'pricing-help', offerId: 'pricing', outcome });
    const ok = await post({ visitorId, events: [{ type: 'page_view', at: now, url: `${ORIGIN}/pricing` }, offer('shown'), offer('clicked')] });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ stored: 3 });
    const bad = await post({ visitorId, events: [offer('shown'), { type: 'element', at: now, url: ORIGIN, elementId: 'x', interaction: 'double' }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('events.1.interaction');
    expect(t.count('visitor_events')).toBe(3);
    expect((await post('nope' as unknown)).status).toBe(400);
    expect((await t.app.request(`/w/${id}/events`, { method: 'POST', headers: { origin: ORIGIN }, body: '{' })).status).toBe(400);

    const stats = await (await t.request(`/api/v1/sites/${id}/offers`)).json();
    expect(stats.items).toEqual([{ ruleId: 'pricing-help', offerId: 'pricing', shown: 1, clicked: 1, dismissed: 0 }]);
  });

  it('rate-limits one visitor flooding events, without losing the events already taken', async () => {
    const { id } = await createSite();
    const now = Date.now();
    const batch = { visitorId, events: Array.from({ length: 50 }, () => ({ type: 'chat_opened', at: now, url: ORIGIN })) };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.app.request(`/w/${id}/events`, { method: 'POST', headers: { origin: ORIGIN }, body: JSON.stringify(batch) })).status);
    }
    expect(statuses.slice(0, 2)).toEqual([202, 202]);
    expect(statuses.at(-1)).toBe(429);
    expect(t.count('visitor_events')).toBe(statuses.filter((s) => s === 202).length * 50);
  });

  it('deleting a site stops its snippet and removes its visitor events', async () => {
    const { id } = await createSite();
    await t.app.request(`/w/${id}/events`, { method: 'POST', headers: { origin: ORIGIN }, body: JSON.stringify({ visitorId, events: [{ type: 'chat_opened', at: Date.now(), url: ORIGIN }] }) });
    expect((await t.request(`/api/v1/sites/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/w/${id}/config`, { headers: { origin: ORIGIN } })).status).toBe(404);
    expect(t.count('visitor_events')).toBe(0);
  });
});
