// Web messaging through the snippet over HTTP (app.request, real SQLite): a visitor's messages
// become a webchat case; a signed-in visitor (Parley.identify, HS256 with the site's identity
// secret) keeps one thread across devices, and their anonymous messages join it; forged, expired
// and long-lived tokens are refused with nothing changed; replies are marked read.
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';
const headers = { origin: ORIGIN, 'content-type': 'application/json' };

describe('web chat through the snippet', () => {
  let t: ReturnType<typeof testApp>;
  let siteId: string;
  let secret: string;
  let n = 0;
  beforeEach(async () => {
    t = testApp();
    const site = await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN] } })).json();
    siteId = site.id;
    secret = (await (await t.request(`/api/v1/sites/${siteId}/identity-secret`)).json()).identitySecret;
  });
  afterEach(() => t.close());

  const visitor = (suffix: string) => `v_visitor${suffix}0000000000`;
  const post = (path: string, body: unknown) => t.app.request(`/w/${siteId}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const say = (visitorId: string, text: string, extra: Record<string, unknown> = {}) => post('messages', { visitorId, clientMessageId: `msg${String(++n).padStart(6, '0')}`, text, ...extra });
  const history = async (visitorId: string, identity?: string) => {
    const q = new URLSearchParams({ visitorId, ...(identity ? { identity } : {}) });
    return (await (await t.app.request(`/w/${siteId}/messages?${q}`, { headers: { origin: ORIGIN } })).json()).items.map((m: { text: string }) => m.text);
  };
  const token = (claims: Record<string, unknown>, opts: { key?: string; expiresIn?: string } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(opts.expiresIn ?? '1h').sign(new TextEncoder().encode(opts.key ?? secret));

  it('a visitor\'s message becomes a case on the site\'s web chat channel; a resend is kept once', async () => {
    const body = { visitorId: visitor('a'), clientMessageId: 'client-msg-1', text: 'Hola, ¿tenéis envío a Canarias?' };
    expect((await post('messages', body)).status).toBe(202);
    const again = await post('messages', body);
    expect(await again.json()).toEqual({ accepted: 0, duplicate: true });
    expect(await history(visitor('a'))).toEqual(['Hola, ¿tenéis envío a Canarias?']);
    const cases = (await (await t.request('/api/v1/cases')).json()).items;
    expect(cases).toHaveLength(1);
    const site = await (await t.request(`/api/v1/sites/${siteId}`)).json();
    expect(cases[0].channelId).toBe(site.webchatChannelId);
    // Another visitor never sees it.
    expect(await history(visitor('b'))).toEqual([]);
  });

  it('a signed-in visitor keeps one thread on every device; their anonymous messages join it', async () => {
    await say(visitor('phone'), 'Escribo desde el móvil');
    const ana = await token({ sub: 'cust-42', name: 'Ana Ruiz', email: 'ana@example.com' });
    const identified = await post('identify', { visitorId: visitor('phone'), identity: ana });
    expect(await identified.json()).toEqual({ identified: true, name: 'Ana Ruiz' });
    // Later, on the laptop (another visitor id), signed in as the same user.
    await say(visitor('laptop'), 'Y ahora desde el portátil', { identity: ana });
    expect(await history(visitor('laptop'), ana)).toEqual(['Escribo desde el móvil', 'Y ahora desde el portátil']);
    const cases = (await (await t.request('/api/v1/cases')).json()).items;
    expect(cases).toHaveLength(1);
    const contact = await (await t.request(`/api/v1/contacts/${cases[0].contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Ana Ruiz', email: 'ana@example.com' });
  });

  it('refuses forged, expired and long-lived identities, changing nothing', async () => {
    await say(visitor('c'), 'anónimo');
    const before = t.count('contact_identities');
    const refused = async (identity: string, why: RegExp) => {
      const res = await post('identify', { visitorId: visitor('c'), identity });
      expect(res.status).toBe(401);
      const problem = await res.json();
      expect(problem.code).toBe('identity_invalid');
      expect(problem.detail).toMatch(why);
      expect((await say(visitor('c'), 'intento', { identity })).status).toBe(401);
    };
    await refused(await token({ sub: 'x' }, { key: 'not-the-site-secret-000000000000' }), /signature/);
    await refused(await token({ sub: 'x' }, { expiresIn: '-1h' }), /expired/);
    await refused(await token({ sub: 'x' }, { expiresIn: '30d' }), /24 hours/);
    await refused('not.a.jwt', /refused/);
    expect(t.count('contact_identities')).toBe(before);
    expect(await history(visitor('c'))).toEqual(['anónimo']);
  });

  it('marks the agent\'s replies read once the visitor saw them', async () => {
    await say(visitor('d'), 'Hola');
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const reply = await (await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: '¡Hola! ¿En qué te ayudo?' } })).json();
    const read = await post('read', { visitorId: visitor('d'), upTo: reply.id });
    expect(await read.json()).toEqual({ read: 1 });
    const messages = (await (await t.request(`/api/v1/cases/${theCase.id}`)).json()).messages;
    expect(messages.at(-1)).toMatchObject({ direction: 'out', deliveryStatus: 'read' });
    // Someone else's visitor id reads nothing.
    expect(await (await post('read', { visitorId: visitor('e'), upTo: reply.id })).json()).toEqual({ read: 0 });
  });

  it('answers a site without web chat clearly', async () => {
    await t.request(`/api/v1/sites/${siteId}`, { method: 'PUT', json: { name: 'Tienda', allowedOrigins: [ORIGIN], entryPoints: [{ type: 'email', address: 'hola@shop.example' }] } });
    const res = await say(visitor('f'), 'Hola');
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('webchat_off');
  });
});
