// Password change, password reset by email, inviting a user by email (mail over a real local SMTP
// server), and the fuzzer's defects in /users, /me and /auth/logout.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { testApp } from '../support/test-app';

let smtp: SmtpSink;
beforeAll(async () => { smtp = await startSmtpSink(); });
afterAll(() => smtp.close());

describe('accounts: passwords, reset, invitations', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(async () => {
    t = testApp({ adminToken: 'bootstrap-admin-token-0123456789' });
    smtp.received.length = 0;
    const res = await t.request('/api/v1/settings/automation', { method: 'PUT', json: { smtp: { host: smtp.host, port: smtp.port, secure: false, from: 'Parley <parley@example.com>' } } });
    expect(res.status).toBe(200);
  });
  afterEach(() => t.close());

  const login = (email: string, password: string) => t.request('/api/v1/auth/login', { method: 'POST', key: null, json: { email, password, session: 'token' } });
  const token = async (email: string, password: string) => (await (await login(email, password)).json()).token as string;
  const addUser = (email: string, password = 'first password 1') =>
    t.request('/api/v1/users', { method: 'POST', json: { email, name: 'Ana', role: 'agent', password } });
  const linkToken = (text: string, page: string) => new URL(new RegExp(`(http\\S+/${page}\\?token=\\S+)`).exec(text)![1]!).searchParams.get('token')!;

  it('changes a password with the current one, and signs the user out everywhere else', async () => {
    await addUser('ana@example.com');
    const here = await token('ana@example.com', 'first password 1');
    const elsewhere = await token('ana@example.com', 'first password 1');
    const change = (json: unknown) => t.request('/api/v1/me/password', { method: 'POST', key: here, json });

    const wrong = await change({ current: 'not it at all', new: 'second password 2' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'wrong_password', errors: [{ path: 'current' }] });
    expect((await change({ current: 'first password 1', new: 'short' })).status).toBe(400);

    const ok = await change({ current: 'first password 1', new: 'second password 2' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ endedSessions: 1 });
    expect((await t.request('/api/v1/me', { key: here })).status).toBe(200);
    expect((await t.request('/api/v1/me', { key: elsewhere })).status).toBe(401);
    expect((await login('ana@example.com', 'first password 1')).status).toBe(401);
    expect((await login('ana@example.com', 'second password 2')).status).toBe(200);
  });

  it('refuses a password change from an API key, which has no password (409)', async () => {
    const res = await t.request('/api/v1/me/password', { method: 'POST', json: { current: 'whatever-1', new: 'second password 2' } });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('not_a_user');
  });

  it('mails a one-time reset link that sets a new password once and ends every session', async () => {
    await addUser('ana@example.com');
    const session = await token('ana@example.com', 'first password 1');
    const ask = await t.request('/api/v1/auth/password-reset', { method: 'POST', key: null, json: { email: 'Ana@Example.com' } });
    expect(ask.status).toBe(202);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['ana@example.com']);
    expect(mail!.subject).toBe('Reset your Parley password');
    expect(mail!.text).toContain('http://localhost:8080/reset-password?token=');
    const reset = linkToken(mail!.text, 'reset-password');
    // Only the token's hash is kept.
    expect(JSON.stringify(t.db.$client.prepare('select * from one_time_tokens').all())).not.toContain(reset);

    const confirm = (password: string) => t.request('/api/v1/auth/password-reset/confirm', { method: 'POST', key: null, json: { token: reset, password } });
    expect((await confirm('short')).status).toBe(400); // too short: the token is not spent
    expect((await confirm('brand new password 3')).status).toBe(204);
    const again = await confirm('another password 4');
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'invalid_token', detail: expect.stringContaining('expired or was already used') });
    expect((await t.request('/api/v1/me', { key: session })).status).toBe(401);
    expect((await login('ana@example.com', 'brand new password 3')).status).toBe(200);
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const res = await t.request('/api/v1/auth/password-reset', { method: 'POST', key: null, json: { email: 'nobody@example.com' } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted' });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(0);
    expect(t.count('one_time_tokens')).toBe(0);
  });

  it('sends at most one reset link a minute; a link expires after an hour, and a newer link voids the older one', async () => {
    await addUser('ana@example.com');
    await t.request('/api/v1/auth/password-reset', { method: 'POST', key: null, json: { email: 'ana@example.com' } });
    const [first] = await smtp.waitFor(1);
    // A second request within the minute sends nothing (no mail flood)…
    await t.request('/api/v1/auth/password-reset', { method: 'POST', key: null, json: { email: 'ana@example.com' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    // …a minute later it sends a new link.
    t.db.$client.prepare('update one_time_tokens set created_at = created_at - 61000').run();
    await t.request('/api/v1/auth/password-reset', { method: 'POST', key: null, json: { email: 'ana@example.com' } });
    const [, second] = await smtp.waitFor(2);
    const older = linkToken(first!.text, 'reset-password'), newer = linkToken(second!.text, 'reset-password');
    const confirm = (tok: string) => t.request('/api/v1/auth/password-reset/confirm', { method: 'POST', key: null, json: { token: tok, password: 'brand new password 3' } });
    expect((await confirm(older)).status).toBe(400);
    const row = t.db.$client.prepare("select expires_at - created_at as life from one_time_tokens order by created_at desc limit 1").get() as { life: number };
    expect(row.life).toBe(3_600_000);
    // An hour later the newer one is dead too.
    t.db.$client.prepare("update one_time_tokens set expires_at = ? where used_at is null").run(Date.now() - 1);
    expect((await confirm(newer)).status).toBe(400);
  });

  it('invites a user by email: the link shows whom it is for, sets their password and signs them in (once)', async () => {
    const invite = await t.request('/api/v1/users/invite', { method: 'POST', json: { email: 'Bo@Example.com', name: 'Bo', role: 'supervisor' } });
    expect(invite.status).toBe(201);
    const body = await invite.json();
    expect(body).toMatchObject({ email: 'bo@example.com', name: 'Bo', role: 'supervisor', mail: { sent: true, reason: null } });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['bo@example.com']);
    expect(mail!.text).toContain(body.acceptUrl);
    const tok = linkToken(mail!.text, 'accept-invite');

    const peek = await t.request(`/api/v1/auth/invite/${tok}`, { key: null });
    expect(await peek.json()).toMatchObject({ email: 'bo@example.com', name: 'Bo', role: 'supervisor' });
    const accept = await t.request('/api/v1/auth/invite/accept', { method: 'POST', key: null, json: { token: tok, password: 'bo password 123', session: 'cookie' } });
    expect(accept.status).toBe(201);
    expect((await accept.json()).user).toMatchObject({ email: 'bo@example.com', name: 'Bo', role: 'supervisor' });
    expect(accept.headers.getSetCookie().some((c) => c.startsWith('parley_session=pk_'))).toBe(true);
    expect((await login('bo@example.com', 'bo password 123')).status).toBe(200);

    const twice = await t.request('/api/v1/auth/invite/accept', { method: 'POST', key: null, json: { token: tok, password: 'another pass 123' } });
    expect(twice.status).toBe(400);
    expect((await t.request(`/api/v1/auth/invite/${tok}`, { key: null })).status).toBe(404);
  });

  it('only admins invite, an existing user cannot be invited, and without SMTP the answer says so and carries the link', async () => {
    expect((await t.request('/api/v1/users/invite', { method: 'POST', key: t.supervisorKey, json: { email: 'c@example.com', name: 'C', role: 'agent' } })).status).toBe(403);
    const existing = await t.request('/api/v1/users/invite', { method: 'POST', json: { email: t.credentials.email, name: 'Me', role: 'agent' } });
    expect(existing.status).toBe(409);
    await t.request('/api/v1/settings/automation', { method: 'PUT', json: { smtp: null } });
    const res = await t.request('/api/v1/users/invite', { method: 'POST', json: { email: 'c@example.com', name: 'C', role: 'agent' } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ mail: { sent: false, reason: expect.stringContaining('Settings → Automation') }, acceptUrl: expect.stringMatching(/^http:\/\/localhost:8080\/accept-invite\?token=pt_/) });
  });
});

describe('defects the fuzzer found', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp({ adminToken: 'bootstrap-admin-token-0123456789' }); });
  afterEach(() => t.close());

  it('PATCH /users/{id} with {} or an empty body answers 400, not 500', async () => {
    const id = (await (await t.request('/api/v1/users')).json()).items[0].id;
    const empty = await t.request(`/api/v1/users/${id}`, { method: 'PATCH', json: {} });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'validation_failed', errors: [{ message: 'Send at least one field to change.' }] });
    const noBody = await t.request(`/api/v1/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' } });
    expect(noBody.status).toBe(400);
    expect((await t.request(`/api/v1/users/${id}`, { method: 'PATCH', json: { name: 'Admin' } })).status).toBe(200);
  });

  it('GET /me with the bootstrap token says kind "bootstrap" and user null, and the document allows exactly that', async () => {
    const me = await (await t.request('/api/v1/me', { key: 'bootstrap-admin-token-0123456789' })).json();
    expect(me).toEqual({ accountId: t.accountId, role: 'admin', keyId: 'bootstrap', kind: 'bootstrap', user: null });
    expect((await (await t.request('/api/v1/me', { key: t.agentKey })).json())).toMatchObject({ kind: 'apiKey', role: 'agent', user: null });
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const schema = doc.components.schemas.Me;
    expect(schema.required).toEqual(expect.arrayContaining(['kind', 'user']));
    expect(schema.properties.user.anyOf).toEqual(expect.arrayContaining([{ type: 'null' }]));
    expect(schema.properties.kind.enum).toEqual(['bootstrap', 'user', 'apiKey']);
  });

  it('POST /auth/logout with an API key or the bootstrap token answers the documented 409 and the key keeps working', async () => {
    for (const key of [t.agentKey, 'bootstrap-admin-token-0123456789']) {
      const res = await t.request('/api/v1/auth/logout', { method: 'POST', key });
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('not_a_session');
      expect((await t.request('/api/v1/me', { key })).status).toBe(200);
    }
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/auth/logout'].post.responses)).toEqual(expect.arrayContaining(['204', '401', '409']));
  });

  it('documents the statuses the new account routes answer', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const statuses = (path: string, method = 'post') => Object.keys(doc.paths[`/api/v1${path}`][method].responses).sort();
    expect(statuses('/auth/login')).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    expect(statuses('/auth/password-reset')).toEqual(expect.arrayContaining(['202', '400']));
    expect(statuses('/auth/password-reset/confirm')).toEqual(expect.arrayContaining(['204', '400']));
    expect(statuses('/auth/invite/accept')).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(statuses('/auth/invite/{token}', 'get')).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(statuses('/me/password')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '409']));
    expect(statuses('/users/invite')).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    expect(doc.paths['/api/v1/auth/login'].post.responses['429'].headers['Retry-After']).toBeTruthy();
  });
});
