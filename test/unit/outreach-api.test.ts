// The outreach API's refusals and plain reads, over the real app and SQLite (no Temporal needed):
// each bad campaign says which field and why; roles; the do-not-contact list and keyword settings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels } from '../../engine/db/schema';
import { testApp } from '../support/test-app';

describe('outreach API', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  let listId: string;
  beforeEach(async () => {
    t = testApp();
    const ch = await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'App', config: { outboundUrl: 'https://mw.example.com/out' } } })).json();
    channelId = ch.id;
    const list = await t.request('/api/v1/contact-lists?name=L', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,name,byoc,plan\n1,Ana,ana,gold\n' });
    expect(list.status).toBe(201);
    listId = (await list.json()).id;
  });
  afterEach(() => t.close());

  const create = (json: Record<string, unknown>, key?: string) =>
    t.request('/api/v1/campaigns', { method: 'POST', json: { name: 'C', channelId, listId, message: { text: 'Hi {{name}} ({{plan}})' }, ...json }, key });

  it('takes a contact list far larger than the API body limit (other calls keep the limit)', async () => {
    // testApp's API limit is 64 KB; a list of 5,000 rows is about 120 KB.
    const csv = 'id,name,byoc\n' + Array.from({ length: 5_000 }, (_, i) => `${i + 1},Cliente ${i + 1},cust-${i + 1}`).join('\n') + '\n';
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const big = await t.request('/api/v1/contact-lists?name=Big', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(big.status).toBe(201);
    const list = await big.json();
    expect(list.counts).toMatchObject({ rowsRead: 5_000, valid: 5_000, invalid: 0 });
    expect((await t.request('/api/v1/campaigns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) })).status).toBe(413);
  });

  it('creates a draft campaign and shows it with empty counts', async () => {
    const res = await create({ throttlePerSecond: 10, sendingWindow: { days: ['mon', 'tue'], from: '09:00', to: '18:00' } });
    expect(res.status).toBe(201);
    const c = await res.json();
    // No calendar in the settings: the window is in UTC.
    expect(c).toMatchObject({ status: 'draft', mode: 'agentless', throttlePerSecond: 10, sendingWindow: { timeZone: 'UTC', days: ['mon', 'tue'] }, recipients: { total: 0 } });
    expect((await (await t.request('/api/v1/campaigns')).json()).items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('says which field is wrong: unknown variable, skill missing, bad window, list not found', async () => {
    let res = await create({ message: { content: { type: 'buttons', text: 'Hello {{nickname}}', buttons: [{ id: 'y', title: 'Yes {{plan}}', action: { type: 'postback', payload: 'y' } }] } } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'unknown_variable', errors: [{ path: 'message.content.text', message: expect.stringContaining('{{nickname}}') }] });
    res = await create({ mode: 'skill' });
    expect(await res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'skillId' }] });
    res = await create({ sendingWindow: { timeZone: 'Europe/Nowhere', days: ['mon'], from: '18:00', to: '09:00' } });
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(['sendingWindow.timeZone', 'sendingWindow.to']);
    res = await create({ listId: 'cl_missing' });
    expect(res.status).toBe(404);
  });

  it('refuses channels without proactive outbound (422) and WhatsApp free text without a template (422)', async () => {
    const now = Date.now();
    t.db.insert(channels).values([
      { id: 'ch_tg', accountId: t.accountId, type: 'telegram', name: 'Telegram', config: {}, createdAt: now, updatedAt: now },
      { id: 'ch_wa', accountId: t.accountId, type: 'whatsapp', name: 'WhatsApp', config: {}, createdAt: now, updatedAt: now },
    ]).run();
    let res = await create({ channelId: 'ch_tg' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'channel_no_proactive_outbound', errors: [{ path: 'channelId' }] });
    res = await create({ channelId: 'ch_wa' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'template_required', errors: [{ path: 'message.template' }] });
    res = await create({ channelId: 'ch_wa', message: { template: { name: 'spring_offer', language: 'es', variables: ['{{name}}', '{{plan}}'] } } });
    expect(res.status).toBe(201);
    res = await create({ channelId: 'ch_wa', message: { template: { name: 'Spring Offer', language: 'es' } } });
    expect(await res.json()).toMatchObject({ code: 'invalid_content', errors: [{ path: 'message.template' }] });
  });

  it('lets supervisors manage campaigns and lists, not agents', async () => {
    expect((await create({}, t.agentKey)).status).toBe(403);
    expect((await create({}, t.supervisorKey)).status).toBe(201);
    expect((await t.request('/api/v1/contact-lists', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'byoc\nx\n', key: t.agentKey })).status).toBe(403);
  });

  it('adds, lists and removes do-not-contact entries, and edits the opt-out keywords', async () => {
    expect(await (await t.request('/api/v1/do-not-contact', { method: 'POST', json: { channelId, identity: 'ana', note: 'asked by phone' } })).json()).toEqual({ added: true });
    expect(await (await t.request('/api/v1/do-not-contact', { method: 'POST', json: { channelId, identity: 'ana' } })).json()).toEqual({ added: false });
    expect((await (await t.request(`/api/v1/do-not-contact?channelId=${channelId}`)).json()).items).toEqual([expect.objectContaining({ identity: 'ana', source: 'manual', note: 'asked by phone' })]);
    expect((await t.request(`/api/v1/do-not-contact?channelId=${channelId}&identity=ana`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.request(`/api/v1/do-not-contact?channelId=${channelId}&identity=ana`, { method: 'DELETE' })).status).toBe(404);
    const settings = await (await t.request('/api/v1/outreach/settings', { method: 'PUT', json: { stopKeywords: ['STOP', 'ARRET'] } })).json();
    expect(settings.stopKeywords).toEqual(['STOP', 'ARRET']);
    expect(settings.stopReply).toContain('You will not receive');
  });

  it('pages through a list\'s rows and its validation report', async () => {
    const csv = ['id,byoc', ...Array.from({ length: 5 }, (_, i) => `${i},u${i}`), 'x,bad id', 'y,'].join('\n');
    const list = await (await t.request('/api/v1/contact-lists', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).json();
    const page1 = await (await t.request(`/api/v1/contact-lists/${list.id}/rows?limit=3`)).json();
    const page2 = await (await t.request(`/api/v1/contact-lists/${list.id}/rows?limit=3&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((r: { externalId: string }) => r.externalId)).toEqual(['0', '1', '2', '3', '4']);
    expect(page2.nextCursor).toBeNull();
    const issues = await (await t.request(`/api/v1/contact-lists/${list.id}/issues`)).json();
    expect(issues.items.map((i: { rowNumber: number; field: string }) => [i.rowNumber, i.field])).toEqual([[7, 'byoc'], [8, 'identity']]);
    const missing = await t.request('/api/v1/contact-lists?mapping={bad', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(await missing.json()).toMatchObject({ code: 'mapping_invalid' });
  });
});
