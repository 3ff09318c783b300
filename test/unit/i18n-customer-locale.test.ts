// Where the customer's language comes from: the contact's own (provider profile at ingest, or an
// agent through the API), else the channel's default, else the account's default, else English.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import { contacts } from '../../engine/db/schema';
import { customerLocale, pickCustomerLocale } from '../../engine/contacts/customer-locale';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { testApp } from '../support/test-app';

const inbound = (id: string, language?: string): InboundEvent => ({
  kind: 'message', eventId: `e-${id}`, providerMessageId: id, threadId: 'chat-7',
  sender: { externalId: 'user-7', name: 'Marta', ...(language !== undefined ? { language } : {}) },
  text: 'Hola', attachments: [], occurredAt: 1_700_000_000_000,
});

describe('choosing the customer\'s language', () => {
  it('takes the contact\'s, then the channel\'s, then the account\'s default, else none (English)', () => {
    expect(pickCustomerLocale({ contactLanguage: 'es-MX', channelLanguage: 'pt', accountLanguage: 'de' })).toBe('es-MX');
    expect(pickCustomerLocale({ contactLanguage: null, channelLanguage: 'pt', accountLanguage: 'de' })).toBe('pt');
    expect(pickCustomerLocale({ contactLanguage: null, channelLanguage: null, accountLanguage: 'de' })).toBe('de');
    expect(pickCustomerLocale({ contactLanguage: null, channelLanguage: undefined, accountLanguage: null })).toBeUndefined();
  });
});

describe('customer language through ingest and the API', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  beforeEach(() => {
    t = testApp();
    const now = Date.now();
    channelId = 'ch_tg';
    t.db.$client.prepare(`insert into channels (id, account_id, type, name, config, enabled, created_at, updated_at) values (?, ?, 'byoc', 'Bot', '{}', 1, ?, ?)`)
      .run(channelId, t.accountId, now, now);
  });
  afterEach(() => t.close());

  const ingest = (event: InboundEvent) => ingestEvents(t.db, { id: channelId, accountId: t.accountId, type: 'byoc' }, [event]);
  const contact = () => t.db.select().from(contacts).get()!;
  const locale = () => customerLocale(t.db, { accountId: t.accountId, contactId: contact().id, channelId });

  it('stores the provider\'s profile language on the contact, canonical, and never overwrites one already known', () => {
    ingest(inbound('m1', 'es_ES'));
    expect(contact().language).toBe('es-ES');
    ingest(inbound('m2', 'en'));
    expect(contact().language).toBe('es-ES');
    expect(locale()).toBe('es-ES');
  });

  it('ignores a profile language that is not a language tag, and fills a contact that had none later', () => {
    ingest(inbound('m1', 'not a language'));
    expect(contact().language).toBeNull();
    ingest(inbound('m2'));
    expect(contact().language).toBeNull();
    ingest(inbound('m3', 'es'));
    expect(contact().language).toBe('es');
  });

  it('falls back to the channel\'s default, then the account\'s, set through the API', async () => {
    ingest(inbound('m1'));
    expect(locale()).toBeUndefined();

    const settings = await (await t.request('/api/v1/settings/automation')).json();
    expect(settings.defaultLanguage).toBe('en');
    const put = await t.request('/api/v1/settings/automation', { method: 'PUT', json: { defaultLanguage: 'pt-br' } });
    expect(put.status).toBe(200);
    expect((await put.json()).defaultLanguage).toBe('pt-BR');
    expect(locale()).toBe('pt-BR');
    // Other settings keep working beside it, and keep it.
    expect((await (await t.request('/api/v1/settings/automation', { method: 'PUT', json: { allowPrivateUrls: true } })).json()).defaultLanguage).toBe('pt-BR');

    const channel = await t.request(`/api/v1/channels/${channelId}`, { method: 'PATCH', json: { defaultLanguage: 'es' } });
    expect(channel.status).toBe(200);
    expect((await channel.json()).defaultLanguage).toBe('es');
    expect(locale()).toBe('es');

    const badChannel = await t.request(`/api/v1/channels/${channelId}`, { method: 'PATCH', json: { defaultLanguage: 'spanish please' } });
    expect(badChannel.status).toBe(400);
    const badAccount = await t.request('/api/v1/settings/automation', { method: 'PUT', json: { defaultLanguage: 'xx yy' } });
    expect(badAccount.status).toBe(400);

    await t.request('/api/v1/settings/automation', { method: 'PUT', json: { defaultLanguage: null } });
    expect((await (await t.request('/api/v1/settings/automation')).json()).defaultLanguage).toBe('en');
  });

  it('lets an agent set or clear the contact\'s language, refusing what is not a BCP 47 tag with a clear 400', async () => {
    ingest(inbound('m1', 'en'));
    const id = contact().id;
    const patch = (json: unknown) => t.request(`/api/v1/contacts/${id}`, { method: 'PATCH', json, key: t.agentKey });

    const set = await patch({ language: 'es-mx' });
    expect(set.status).toBe(200);
    expect((await set.json()).language).toBe('es-MX');
    expect(locale()).toBe('es-MX');

    const bad = await patch({ language: 'Spanish!' });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.code).toBe('validation_failed');
    expect(JSON.stringify(problem)).toContain('BCP 47');
    expect(t.db.select().from(contacts).where(eq(contacts.id, id)).get()!.language).toBe('es-MX');

    const cleared = await patch({ language: null });
    expect((await cleared.json()).language).toBeNull();
    expect(locale()).toBeUndefined();
    // The card and the list show it.
    expect((await (await t.request(`/api/v1/contacts/${id}`)).json()).language).toBeNull();
    await patch({ language: 'es' });
    expect((await (await t.request('/api/v1/contacts')).json()).items[0].language).toBe('es');
  });
});

describe('web chat: the browser\'s language', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  it('the widget sends navigator.language with a message; it becomes the visitor contact\'s language', async () => {
    const origin = 'https://tienda.example';
    const site = await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [origin] } })).json();
    const res = await t.app.request(`/w/${site.id}/messages`, {
      method: 'POST', headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'v_visitorlang0000000000', clientMessageId: 'client-lang-1', text: 'Hola', language: 'es-419' }),
    });
    expect(res.status).toBe(202);
    const [theCase] = (await (await t.request('/api/v1/cases')).json()).items;
    expect((await (await t.request(`/api/v1/contacts/${theCase.contactId}`)).json()).language).toBe('es-419');
  });
});
