// The browser's session cookie next to Bearer tokens: its flags, CSRF on cookie writes, logout.
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csrfTokenFor, setSessionCookies } from '../../engine/security/session-cookies';
import { testApp } from '../support/test-app';

type Jar = { session: string; csrf: string };

/** name=value pairs of Set-Cookie headers, with their attributes. */
const cookiesOf = (res: Response) => Object.fromEntries(res.headers.getSetCookie().map((line) => {
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  const [name, value] = pair!.split('=');
  return [name!, { value: value!, attrs: attrs.map((a) => a.toLowerCase()) }];
}));

describe('session cookie', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const signIn = async (session?: 'cookie' | 'token' | 'both', url = '/api/v1/auth/login') => {
    const res = await t.request(url, { method: 'POST', key: null, json: { email: t.credentials.email, password: t.credentials.password, ...(session ? { session } : {}) } });
    expect(res.status).toBe(200);
    return res;
  };
  const jarOf = (res: Response): Jar => { const c = cookiesOf(res); return { session: c.parley_session!.value, csrf: c.parley_csrf!.value }; };
  const withCookie = (path: string, jar: Jar, init: RequestInit & { json?: unknown; csrf?: string } = {}) =>
    t.request(path, { ...init, key: null, headers: { cookie: `parley_session=${jar.session}; parley_csrf=${jar.csrf}`, ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}) } });

  it('sets an httpOnly, SameSite=Lax session cookie lasting the session, and a readable CSRF cookie; no token in the body with session "cookie"', async () => {
    const res = await signIn('cookie');
    const body = await res.json();
    expect(body.token).toBeUndefined();
    expect(body.user.email).toBe(t.credentials.email);
    const c = cookiesOf(res);
    expect(c.parley_session!.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'max-age=43200']));
    expect(c.parley_session!.attrs).not.toContain('secure'); // plain HTTP here
    expect(c.parley_csrf!.attrs).toEqual(expect.arrayContaining(['samesite=lax', 'path=/', 'max-age=43200']));
    expect(c.parley_csrf!.attrs).not.toContain('httponly');
    expect(c.parley_csrf!.value).toBe(csrfTokenFor(c.parley_session!.value));
    // Expires with the session: Max-Age matches expiresAt.
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(43_100_000);
  });

  it('answers a bearer token (and sets no cookie) with session "token"; the default does both', async () => {
    const tokenOnly = await signIn('token');
    expect(tokenOnly.headers.getSetCookie()).toEqual([]);
    expect((await tokenOnly.json()).token).toMatch(/^pk_/);
    const both = await signIn();
    expect(Object.keys(cookiesOf(both)).sort()).toEqual(['parley_csrf', 'parley_session']);
    expect((await both.json()).token).toMatch(/^pk_/);
  });

  it('marks the cookies Secure when the request came over TLS, and behind a proxy only when the proxy is trusted', async () => {
    expect(cookiesOf(await signIn('cookie', 'https://parley.example.com/api/v1/auth/login')).parley_session!.attrs).toContain('secure');
    const viaProxy = await t.request('/api/v1/auth/login', { method: 'POST', key: null, headers: { 'x-forwarded-proto': 'https' }, json: { email: t.credentials.email, password: t.credentials.password } });
    expect(cookiesOf(viaProxy).parley_session!.attrs).not.toContain('secure'); // PARLEY_TRUST_PROXY is off
    const trusted = new Hono().get('/', (c) => { setSessionCookies(c, 'pk_x', 60, { trustProxy: true }); return c.body(null, 204); });
    const res = await trusted.request('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(cookiesOf(res).parley_session!.attrs).toContain('secure');
  });

  it('authenticates reads with the cookie alone, and writes only with the X-CSRF-Token header matching it', async () => {
    const jar = jarOf(await signIn('cookie'));
    const me = await withCookie('/api/v1/me', jar);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'admin', user: { email: t.credentials.email } });

    const add = { email: 'ana@example.com', name: 'Ana', role: 'agent', password: 'correct horse battery' };
    const noHeader = await withCookie('/api/v1/users', jar, { method: 'POST', json: add });
    expect(noHeader.status).toBe(403);
    expect(await noHeader.json()).toMatchObject({ code: 'csrf_failed', detail: expect.stringContaining('X-CSRF-Token') });
    const wrong = await withCookie('/api/v1/users', jar, { method: 'POST', json: add, csrf: csrfTokenFor('pk_someone-else') });
    expect(wrong.status).toBe(403);
    expect(t.count('users')).toBe(1);
    const ok = await withCookie('/api/v1/users', jar, { method: 'POST', json: add, csrf: jar.csrf });
    expect(ok.status).toBe(201);
    expect(t.count('users')).toBe(2);
  });

  it('exempts Bearer requests from CSRF, and the Authorization header wins over a cookie', async () => {
    const jar = jarOf(await signIn('cookie'));
    const res = await t.request('/api/v1/users', { method: 'POST', headers: { cookie: `parley_session=${jar.session}` }, json: { email: 'bo@example.com', name: 'Bo', role: 'agent', password: 'correct horse battery' } });
    expect(res.status).toBe(201);
    const me = await (await t.request('/api/v1/me', { headers: { cookie: `parley_session=${jar.session}` } })).json();
    expect(me.kind).toBe('apiKey'); // the bootstrap admin API key in the header, not the cookie's session
  });

  it('refuses a cookie that is unknown, or that carries an API key rather than a session', async () => {
    const unknown = await withCookie('/api/v1/me', { session: 'pk_nope', csrf: 'x' });
    expect(unknown.status).toBe(401);
    const apiKeyInCookie = await withCookie('/api/v1/me', { session: t.adminKey, csrf: 'x' });
    expect(apiKeyInCookie.status).toBe(401);
    const none = await t.request('/api/v1/me', { key: null });
    expect(none.status).toBe(401);
    expect((await none.json()).detail).toMatch(/Sign in/);
  });

  it('refuses a sign-in a cross-site form could send (not JSON), so another site cannot sign you in as someone else', async () => {
    const form = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email: t.credentials.email, password: t.credentials.password }) });
    expect([400, 415]).toContain(form.status); // refused as not JSON, whichever way the app words it
    expect(form.headers.getSetCookie()).toEqual([]);
  });

  it('logout ends the session and clears both cookies', async () => {
    const jar = jarOf(await signIn('cookie'));
    const out = await withCookie('/api/v1/auth/logout', jar, { method: 'POST', csrf: jar.csrf });
    expect(out.status).toBe(204);
    const c = cookiesOf(out);
    expect(c.parley_session).toMatchObject({ value: '', attrs: expect.arrayContaining(['max-age=0', 'httponly']) });
    expect(c.parley_csrf).toMatchObject({ value: '', attrs: expect.arrayContaining(['max-age=0']) });
    expect((await withCookie('/api/v1/me', jar)).status).toBe(401);
  });

  it('logout through the cookie needs the CSRF header too (a page elsewhere cannot sign you out)', async () => {
    const jar = jarOf(await signIn('cookie'));
    expect((await withCookie('/api/v1/auth/logout', jar, { method: 'POST' })).status).toBe(403);
    expect((await withCookie('/api/v1/me', jar)).status).toBe(200);
  });
});
