import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app';

describe('channels API', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const create = (body: unknown, key?: string) => t.request('/api/v1/channels', { method: 'POST', json: body, key });

  it('connects a BYOC channel: 201, webhook URL, the generated secret shown once', async () => {
    const res = await create({ type: 'byoc', name: 'Middleware', config: { outboundUrl: 'https://mw.example.com/out' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.webhookUrl).toBe(`https://parley.example.com/webhooks/${body.id}`);
    expect(body.generatedSecrets.secret).toMatch(/^whsec_/);
    expect(body.config.secret).not.toBe(body.generatedSecrets.secret);
    const read = await (await t.request(`/api/v1/channels/${body.id}`)).json();
    expect(JSON.stringify(read)).not.toContain(body.generatedSecrets.secret);
    expect(read.config.outboundUrl).toBe('https://mw.example.com/out');
  });

  it('stores secrets encrypted: the database never holds them in clear', async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const res = await create({ type: 'byoc', name: 'M', config: { outboundUrl: 'https://mw.example.com/out', secret } });
    expect(res.status).toBe(201);
    expect((await res.json()).generatedSecrets).toEqual({});
    const raw = JSON.stringify(t.db.$client.prepare('select * from channels').all());
    expect(raw).not.toContain(secret);
  });

  it('lists, updates (keeping omitted secrets) and disables channels', async () => {
    const { id, generatedSecrets } = await (await create({ type: 'byoc', name: 'A', config: { outboundUrl: 'https://a.example.com' } })).json();
    const list = await (await t.request('/api/v1/channels')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const patched = await t.request(`/api/v1/channels/${id}`, { method: 'PATCH', json: { name: 'B', config: { outboundUrl: 'https://b.example.com' } } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).config).toMatchObject({ outboundUrl: 'https://b.example.com' });
    const row = t.db.$client.prepare('select secrets from channels where id = ?').get(id) as { secrets: string };
    expect(row.secrets).toBeTruthy();
    expect(generatedSecrets.secret).toMatch(/^whsec_/);
    const disabled = await t.request(`/api/v1/channels/${id}/disable`, { method: 'POST' });
    expect((await disabled.json()).enabled).toBe(false);
  });

  it('rejects an invalid config with the field that is wrong', async () => {
    const res = await create({ type: 'byoc', name: 'M', config: { outboundUrl: 'not a url' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.code).toBe('invalid_channel_config');
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain('config.outboundUrl');
    expect(t.count('channels')).toBe(0);
  });

  it('rejects unknown channel types and missing fields', async () => {
    expect((await create({ type: 'pigeon', name: 'x', config: {} })).status).toBe(422);
    const res = await create({ type: 'byoc' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain('name');
  });

  it('needs the admin role to connect channels', async () => {
    const res = await create({ type: 'byoc', name: 'x', config: { outboundUrl: 'https://a.example.com' } }, t.agentKey);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('forbidden');
  });
});

describe('bootstrap admin token', () => {
  it('accepts PARLEY_ADMIN_TOKEN as an admin key of the first account', async () => {
    const t = testApp({ adminToken: 'boot-token-123' });
    try {
      const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'x', config: { outboundUrl: 'https://a.example.com' } }, key: 'boot-token-123' });
      expect(res.status).toBe(201);
      expect((await t.request('/api/v1/channels', { key: 'boot-token-1234' })).status).toBe(401);
    } finally {
      t.close();
    }
  });
});

describe('API keys', () => {
  it('an admin creates a key (shown once), it works, and revoking it stops it at once', async () => {
    const t = testApp();
    try {
      const res = await t.request('/api/v1/api-keys', { method: 'POST', json: { name: 'Agent Ana', role: 'agent' } });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created.key).toMatch(/^pk_/);
      expect((await t.request('/api/v1/cases', { key: created.key })).status).toBe(200);
      expect((await t.request('/api/v1/api-keys', { key: created.key })).status).toBe(403);
      const list = await (await t.request('/api/v1/api-keys')).json();
      expect(JSON.stringify(list)).not.toContain(created.key);
      expect(list.items.map((k: { name: string }) => k.name)).toContain('Agent Ana');
      const revoked = await t.request(`/api/v1/api-keys/${created.id}/revoke`, { method: 'POST' });
      expect((await revoked.json()).revokedAt).toBeTruthy();
      expect((await t.request('/api/v1/cases', { key: created.key })).status).toBe(401);
    } finally {
      t.close();
    }
  });
});

describe('channel types', () => {
  it('lists every channel with its capabilities and says which can be connected', async () => {
    const t = testApp();
    try {
      const { items } = await (await t.request('/api/v1/channel-types', { key: t.agentKey })).json();
      expect(items.length).toBeGreaterThanOrEqual(24);
      const byType = Object.fromEntries(items.map((m: { type: string }) => [m.type, m]));
      expect(byType.byoc.connectable).toBe(true);
      expect(byType['google-business-messages']).toMatchObject({ status: 'retired' });
      const whatsapp = await (await t.request('/api/v1/channel-types/whatsapp')).json();
      expect(whatsapp.capabilities.replyWindow).toMatchObject({ hours: 24, outsideWindow: 'templates' });
      expect((await t.request('/api/v1/channel-types/pigeon')).status).toBe(404);
    } finally {
      t.close();
    }
  });
});

describe('rich content preview', () => {
  it('shows the provider payload, what degraded, and the numbered fallback', async () => {
    const t = testApp();
    try {
      const replies = Array.from({ length: 5 }, (_, i) => ({ id: `o${i}`, title: `Option ${i + 1}`, payload: `P${i}` }));
      const res = await t.request('/api/v1/content/preview', { method: 'POST', key: t.agentKey, json: { channelType: 'whatsapp', content: { type: 'quickReplies', text: 'Pick one', replies }, recipientId: '+34600000000' } });
      expect(res.status).toBe(200);
      const preview = await res.json();
      // WhatsApp allows 3 reply buttons: five options become a list message.
      expect(preview.payloads[0]).toMatchObject({ messaging_product: 'whatsapp', to: '+34600000000', type: 'interactive', interactive: { type: 'list' } });
      expect(preview.report[0].outcome).toBe('degraded');
      expect(preview.fallbackText).toMatch(/1\. Option 1[\s\S]*5\. Option 5/);
      expect(preview.options).toHaveLength(5);
      const sms = await (await t.request('/api/v1/content/preview', { method: 'POST', json: { channelType: 'sms', content: { type: 'quickReplies', text: 'Pick one', replies } } })).json();
      expect(sms.report[0].outcome).toBe('fallback');
      const bad = await t.request('/api/v1/content/preview', { method: 'POST', json: { channelType: 'sms', content: { type: 'buttons', buttons: [] } } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors.length).toBeGreaterThan(0);
      expect((await t.request('/api/v1/content/preview', { method: 'POST', json: { channelType: 'pigeon', content: { type: 'text', text: 'x' } } })).status).toBe(404);
    } finally {
      t.close();
    }
  });
});

describe('users and sessions', () => {
  it('an admin adds an agent, who signs in, works with the session, and signs out', async () => {
    const t = testApp();
    try {
      const created = await t.request('/api/v1/users', { method: 'POST', json: { email: 'Ana@Example.com', name: 'Ana', role: 'agent', password: 'correct horse battery' } });
      expect(created.status).toBe(201);
      const ana = await created.json();
      expect(ana).toMatchObject({ email: 'ana@example.com', role: 'agent' });
      expect(JSON.stringify(ana)).not.toContain('horse');
      expect((await t.request('/api/v1/users', { method: 'POST', json: { email: 'ana@example.com', name: 'Ana 2', role: 'agent', password: 'correct horse battery' } })).status).toBe(409);

      const wrong = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ana@example.com', password: 'wrong password!' }) });
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).code).toBe('invalid_credentials');
      const unknown = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'whatever123' }) });
      expect(unknown.status).toBe(401);
      const invalid = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'not-an-email' }) });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toContain('application/problem+json');

      const login = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ANA@example.com', password: 'correct horse battery' }) });
      expect(login.status).toBe(200);
      const { token, user } = await login.json();
      expect(user.id).toBe(ana.id);
      const me = await (await t.request('/api/v1/me', { key: token })).json();
      expect(me).toMatchObject({ role: 'agent', user: { id: ana.id, email: 'ana@example.com' } });
      expect((await t.request('/api/v1/cases', { key: token })).status).toBe(200);
      expect((await t.request('/api/v1/users', { method: 'POST', key: token, json: { email: 'x@example.com', name: 'X', role: 'admin', password: 'long enough pass' } })).status).toBe(403);
      expect((await t.request(`/api/v1/users/${ana.id}`, { method: 'PATCH', key: token, json: { role: 'admin' } })).status).toBe(403);
      expect((await t.request(`/api/v1/users/${ana.id}`, { method: 'PATCH', key: token, json: { name: 'Ana G.' } })).status).toBe(200);

      expect((await t.request('/api/v1/auth/logout', { method: 'POST', key: token })).status).toBe(204);
      expect((await t.request('/api/v1/cases', { key: token })).status).toBe(401);
    } finally {
      t.close();
    }
  });

  it('the bootstrap admin can sign in with the printed password; expired sessions are refused', async () => {
    const t = testApp();
    try {
      const { email, password } = t.credentials;
      const login = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const { token } = await login.json();
      expect((await (await t.request('/api/v1/me', { key: token })).json()).role).toBe('admin');
      t.db.$client.prepare("update api_keys set expires_at = 1 where name = 'session'").run();
      const expired = await t.request('/api/v1/me', { key: token });
      expect(expired.status).toBe(401);
      expect((await expired.json()).code).toBe('session_expired');
    } finally {
      t.close();
    }
  });
});
