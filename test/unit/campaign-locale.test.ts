// A campaign message carries the recipient's locale, resolved like a case reply's: the language of the
// contact this identity belongs to, else the channel's default, else the account's. Renderers put the
// words Parley adds (the "Reply with the number" hint) in that language.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byocConnector } from '../../connectors/byoc';
import type { OutboundMessage } from '../../connectors/connector';
import { setAccountDefaultLanguage } from '../../engine/contacts/account-language';
import { channels, contactIdentities, contacts } from '../../engine/db/schema';
import { campaignRecipients, campaigns, contactLists } from '../../engine/db/schema-outreach';
import { toCampaignMessage } from '../../engine/outreach/campaign-content';
import { sendBatch } from '../../engine/outreach/campaign-sender';
import { eq } from 'drizzle-orm';
import { tempDb } from '../support/temp-db';

describe('campaign sends carry the recipient\'s locale', () => {
  let t: ReturnType<typeof tempDb>;
  let sent: OutboundMessage[];
  beforeEach(() => {
    t = tempDb();
    sent = [];
    const now = Date.now();
    t.db.insert(contacts).values({ id: 'ct_lucia', accountId: t.accountId, name: 'Lucía', language: 'es-ES', createdAt: now, updatedAt: now }).run();
    t.db.insert(contactIdentities).values({ id: 'ci_1', accountId: t.accountId, contactId: 'ct_lucia', channelId: t.channelId, externalId: 'user-lucia', createdAt: now }).run();
    t.db.insert(contactLists).values({ id: 'cl_1', accountId: t.accountId, name: 'Regulars', status: 'ready', createdAt: now, updatedAt: now }).run();
    t.db.insert(campaigns).values({
      id: 'cmp_1', accountId: t.accountId, name: 'Summer', channelId: t.channelId, listId: 'cl_1',
      message: { ...toCampaignMessage({ text: 'Our summer menu starts Monday.' }) }, mode: 'agentless', status: 'sending', createdAt: now, updatedAt: now,
    }).run();
    for (const [row, identity] of [[2, 'user-lucia'], [3, 'user-new']] as const) {
      t.db.insert(campaignRecipients).values({
        campaignId: 'cmp_1', accountId: t.accountId, channelId: t.channelId, rowNumber: row, identity, identities: { byoc: identity }, variables: {},
        status: 'queued', messageId: `cmp_1-r${row}`, updatedAt: now,
      }).run();
    }
  });
  afterEach(() => t.close());

  const send = async () => {
    const connector = { ...byocConnector, send: async (m: OutboundMessage) => { sent.push(m); return { providerMessageId: `p-${sent.length}` }; } };
    const channelsStub = { context: () => ({ row: { enabled: true } as never, connector, ctx: { id: t.channelId, accountId: t.accountId, config: {} } }) };
    const result = await sendBatch({ db: t.db, channels: channelsStub as never, fetch, now: Date.now, heartbeat: () => {}, sleep: async () => {} },
      { campaignId: 'cmp_1', limit: 10, pacing: { anchorMs: Date.now(), sent: 0 }, ratePerSecond: null, window: null });
    expect(result).toMatchObject({ sent: 2, failed: 0 });
    return Object.fromEntries(sent.map((m) => [m.recipient.externalId, m.locale]));
  };

  it('a known contact gets their language; an unknown recipient the channel\'s default', async () => {
    t.db.update(channels).set({ defaultLanguage: 'pt-BR' }).where(eq(channels.id, t.channelId)).run();
    expect(await send()).toEqual({ 'user-lucia': 'es-ES', 'user-new': 'pt-BR' });
  });

  it('with no channel default, the account\'s; with nothing set, no locale (English)', async () => {
    setAccountDefaultLanguage(t.db, t.accountId, 'de');
    expect(await send()).toEqual({ 'user-lucia': 'es-ES', 'user-new': 'de' });
  });

  it('with nothing set for an unknown recipient, no locale at all (Parley\'s English)', async () => {
    const locales = await send();
    expect(locales['user-lucia']).toBe('es-ES');
    expect(locales['user-new']).toBeUndefined();
  });
});
