import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signByocRequest } from '../fakes/sign-byoc';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_' + Buffer.alloc(32, 1).toString('base64');

const inbound = (id: string, over: Record<string, unknown> = {}) => ({
  type: 'message', externalMessageId: id, externalConversationId: 'conv-1',
  sender: { externalId: 'cust-1', name: 'Ana García' }, text: `Where is my order? (${id})`, timestamp: Date.now(), ...over,
});

describe('webhooks → inbox', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  beforeEach(async () => {
    t = testApp({ bodyLimitBytes: 8 * 1024 });
    const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } });
    channelId = (await res.json()).id;
  });
  afterEach(() => t.close());

  const post = (body: unknown, headers = signByocRequest(SECRET, body as object)) =>
    t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const dataRows = () => ['cases', 'messages', 'contacts', 'inbound_events', 'dispatch_queue'].map((x) => t.count(x));

  it('a signed message becomes a case in the inbox, with the thread and customer card', async () => {
    const res = await post(inbound('e1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const list = await (await t.request('/api/v1/cases?status=new')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'new', channelType: 'byoc', contactName: 'Ana García', threadId: 'conv-1' });
    const theCase = await (await t.request(`/api/v1/cases/${list.items[0].id}`)).json();
    expect(theCase.messages).toHaveLength(1);
    expect(theCase.messages[0]).toMatchObject({ direction: 'in', text: 'Where is my order? (e1)', deliveryStatus: 'received' });
    const card = await (await t.request(`/api/v1/contacts/${theCase.contactId}`)).json();
    expect(card.identities[0]).toMatchObject({ channelId, externalId: 'cust-1' });
    expect(card.cases.map((c: { id: string }) => c.id)).toEqual([theCase.id]);
  });

  it('keeps accounts apart: another account’s key sees none of this account’s data', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    const otherKey = createApiKey(t.db, 'acct_other', 'admin');
    expect((await (await t.request('/api/v1/cases', { key: otherKey })).json()).items).toEqual([]);
    expect((await t.request(`/api/v1/cases/${theCase.id}`, { key: otherKey })).status).toBe(404);
    expect((await t.request(`/api/v1/contacts/${theCase.contactId}`, { key: otherKey })).status).toBe(404);
    expect((await t.request(`/api/v1/channels/${channelId}`, { key: otherKey })).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'x' }, key: otherKey })).status).toBe(404);
    expect((await t.request(`/api/v1/cases/${theCase.id}`, { method: 'PATCH', json: { tags: ['x'] }, key: otherKey })).status).toBe(404);
    expect((await (await t.request('/api/v1/contacts', { key: otherKey })).json()).items).toEqual([]);
  });

  it('agents complete the customer card: contact fields and custom fields', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const res = await t.request(`/api/v1/contacts/${theCase.contactId}`, { method: 'PATCH', key: t.agentKey, json: { email: 'ana@example.com', customFields: { tier: 'gold', orders: 3 } } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Ana García', email: 'ana@example.com', customFields: { tier: 'gold', orders: 3 } });
    const again = await (await t.request(`/api/v1/contacts/${theCase.contactId}`, { method: 'PATCH', json: { customFields: { orders: null } } })).json();
    expect(again.customFields).toEqual({ tier: 'gold' });
    const bad = await t.request(`/api/v1/contacts/${theCase.contactId}`, { method: 'PATCH', json: { email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('email');
    const found = await (await t.request('/api/v1/contacts?q=ana@example')).json();
    expect(found.items).toHaveLength(1);
  });

  it('the same delivery twice (a provider retry) stores one message', async () => {
    const body = inbound('e1');
    const headers = signByocRequest(SECRET, body);
    expect((await post(body, headers)).status).toBe(200);
    const again = await post(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(t.count('messages')).toBe(1);
  });

  it('a forged signature gets 401 and writes nothing', async () => {
    const body = inbound('e1');
    const headers = signByocRequest('whsec_' + Buffer.alloc(32, 9).toString('base64'), body);
    const res = await post(body, headers);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_signature');
    expect(dataRows()).toEqual([0, 0, 0, 0, 0]);
  });

  it('a tampered body or a stale timestamp gets 401 and writes nothing', async () => {
    const body = inbound('e1');
    const headers = signByocRequest(SECRET, body);
    const tampered = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers, body: JSON.stringify({ ...body, text: 'changed' }) });
    expect(tampered.status).toBe(401);
    const stale = await post(body, signByocRequest(SECRET, body, { timestamp: Date.now() - 10 * 60_000 }));
    expect(stale.status).toBe(401);
    expect(dataRows()).toEqual([0, 0, 0, 0, 0]);
  });

  it('an invalid payload gets 400 naming the fields; malformed JSON gets 400; a big body gets 413', async () => {
    const bad = { type: 'message', externalConversationId: 'c', sender: {} };
    const res = await post(bad);
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.length).toBeGreaterThan(0);
    const junk = '{"type": "message",';
    const malformed = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, junk), body: junk });
    expect(malformed.status).toBe(400);
    const huge = inbound('e2', { text: 'x'.repeat(10_000) });
    expect((await post(huge)).status).toBe(413);
    expect(dataRows()).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses webhooks for unknown and disabled channels', async () => {
    expect((await t.app.request('/webhooks/ch_nope', { method: 'POST', body: '{}' })).status).toBe(404);
    await t.request(`/api/v1/channels/${channelId}/disable`, { method: 'POST' });
    const res = await post(inbound('e1'));
    expect(res.status).toBe(403);
    expect(t.count('messages')).toBe(0);
  });

  it('filters, searches and paginates the inbox', async () => {
    for (let i = 0; i < 5; i++) await post(inbound(`e${i}`, { externalConversationId: `conv-${i}`, text: i === 3 ? 'refund please' : `hello ${i}` }));
    const page1 = await (await t.request('/api/v1/cases?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = await (await t.request(`/api/v1/cases?limit=2&cursor=${page1.nextCursor}`)).json();
    const page3 = await (await t.request(`/api/v1/cases?limit=2&cursor=${page2.nextCursor}`)).json();
    expect(page3.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items, ...page3.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(5);
    const found = await (await t.request('/api/v1/cases?q=refund')).json();
    expect(found.items).toHaveLength(1);
    expect(found.items[0].threadId).toBe('conv-3');
    // Word prefixes, several words, accents ignored, and query syntax typed by a person is harmless.
    await post(inbound('e9', { externalConversationId: 'conv-9', text: 'Mi teléfono no enciende' }));
    const byPrefix = async (q: string) => (await (await t.request(`/api/v1/cases?q=${encodeURIComponent(q)}`)).json()).items.map((c: { threadId: string }) => c.threadId);
    expect(await byPrefix('ref')).toEqual(['conv-3']);
    expect(await byPrefix('telefono no')).toEqual(['conv-9']);
    expect(await byPrefix('refund please')).toEqual(['conv-3']);
    expect(await byPrefix('refund teléfono')).toEqual([]);
    for (const q of ['"', 'refund*', 'NEAR(a b)', 'a OR b', '-', ':)']) {
      expect((await t.request(`/api/v1/cases?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect(await byPrefix('García')).toHaveLength(6);
    expect((await (await t.request('/api/v1/cases?status=closed')).json()).items).toHaveLength(0);
    const bad = await t.request('/api/v1/cases?status=archived');
    expect(bad.status).toBe(400);
  });

  it('queues an agent reply (202) for the workflow and refuses replies to closed cases', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const res = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'It ships tomorrow.' }, key: t.agentKey });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const thread = (await (await t.request(`/api/v1/cases/${theCase.id}`)).json()).messages;
    expect(thread.at(-1)).toMatchObject({ id, direction: 'out', text: 'It ships tomorrow.', deliveryStatus: 'queued' });
    expect(t.db.$client.prepare("select count(*) n from dispatch_queue where kind = 'agentReply'").get()).toEqual({ n: 1 });
    t.db.$client.prepare("update cases set status = 'closed'").run();
    const closed = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'hello?' } });
    expect(closed.status).toBe(409);
    expect((await closed.json()).code).toBe('case_closed');
  });

  it('validates rich replies with field paths and stores their fallback text', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const bad = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { content: { type: 'quickReplies', text: 'Pick', replies: [{ id: 'a', title: '', payload: 'A' }] } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toMatch(/^content\.replies\.0\.title/);
    const good = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { content: { type: 'quickReplies', text: 'Pick one', replies: [{ id: 'a', title: 'Yes', payload: 'YES' }, { id: 'b', title: 'No', payload: 'NO' }] } } });
    expect(good.status).toBe(202);
    const thread = (await (await t.request(`/api/v1/cases/${theCase.id}`)).json()).messages;
    expect(thread.at(-1).text).toMatch(/1\. Yes[\s\S]*2\. No/);
  });

  it('records which option a customer chose, tapped or typed, against the last question asked', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const question = { type: 'quickReplies', text: 'Which team?', replies: [{ id: 'billing', title: 'Billing', payload: 'TEAM_BILLING' }, { id: 'tech', title: 'Technical support', payload: 'TEAM_TECH' }] };
    await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { content: question } });
    await post(inbound('e2', { text: '٢' })); // Arabic-Indic two
    await post({ type: 'postback', externalMessageId: 'e3', externalConversationId: 'conv-1', sender: { externalId: 'cust-1' }, payload: 'TEAM_BILLING', timestamp: Date.now() });
    await post(inbound('e4', { text: 'thanks!' }));
    const thread = (await (await t.request(`/api/v1/cases/${theCase.id}`)).json()).messages;
    const answers = thread.filter((m: { direction: string }) => m.direction === 'in').map((m: { content: { answer?: unknown } }) => m.content.answer ?? null);
    const asked = thread.find((m: { direction: string }) => m.direction === 'out').id;
    expect(answers).toEqual([
      null,
      { messageId: asked, optionId: 'tech', payload: 'TEAM_TECH' },
      { messageId: asked, optionId: 'billing', payload: 'TEAM_BILLING' },
      null,
    ]);
  });

  it('enforces a channel reply window: a late reply is refused with the reason, nothing stored', async () => {
    await t.request(`/api/v1/channels/${channelId}`, { method: 'PATCH', json: { config: { replyWindowHours: 1 } } });
    await post(inbound('e1', { timestamp: Date.now() - 2 * 3_600_000 }));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const late = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'sorry for the wait' } });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'reply_window_closed', detail: expect.stringMatching(/1-hour reply window closed 1 h ago/) });
    expect(t.db.$client.prepare("select count(*) n from messages where direction = 'out'").get()).toEqual({ n: 0 });
    await post(inbound('e2'));
    const inTime = await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'here now' } });
    expect(inTime.status).toBe(202);
  });

  it('updates routing fields without a workflow and rejects an empty patch', async () => {
    await post(inbound('e1'));
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    const ana = await (await t.request('/api/v1/users', { method: 'POST', json: { email: 'ana@example.com', name: 'Ana', role: 'agent', password: 'a long password' } })).json();
    const res = await t.request(`/api/v1/cases/${theCase.id}`, { method: 'PATCH', json: { assigneeId: ana.id, skillId: 'billing', priority: 5, tags: ['vip', 'vip', 'refund'] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ assigneeId: ana.id, skillId: 'billing', priority: 5, tags: ['vip', 'refund'] });
    expect((await (await t.request(`/api/v1/cases?assigneeId=${ana.id}`)).json()).items).toHaveLength(1);
    const nobody = await t.request(`/api/v1/cases/${theCase.id}`, { method: 'PATCH', json: { assigneeId: 'usr_nobody' } });
    expect(nobody.status).toBe(422);
    expect((await nobody.json()).errors[0].path).toBe('assigneeId');
    expect((await (await t.request('/api/v1/cases?assigneeId=none')).json()).items).toHaveLength(0);
    const empty = await t.request(`/api/v1/cases/${theCase.id}`, { method: 'PATCH', json: {} });
    expect(empty.status).toBe(400);
  });
});

describe('API basics', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  it('requires a valid bearer key', async () => {
    const none = await t.request('/api/v1/cases', { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await none.json()).code).toBe('unauthenticated');
    expect((await t.request('/api/v1/cases', { key: 'pk_wrong' })).status).toBe(401);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await t.request('/api/v1/channels', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, code: 'malformed_json' });
  });

  it('answers unknown ids and routes with 404 problems', async () => {
    const res = await t.request('/api/v1/cases/case_missing');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('case_not_found');
    expect((await t.request('/api/v1/nothing')).status).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document and a docs page', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/messages', '/api/v1/channels', '/api/v1/contacts/{id}']));
    const page = await t.app.request('/api/docs');
    expect(await page.text()).toContain('SwaggerUIBundle');
    expect((await t.app.request('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('reports health: 503 when Temporal is unreachable', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', db: 'ok', temporal: 'unreachable' });
  });
});
