// The outreach hook in the ingest transaction: opt-out keywords (whole message, any case or accent,
// configurable per account) put the sender on the channel's do-not-contact list and queue an
// acknowledgement; a reply to a campaign marks its recipient; receipts move recipients forward only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/connector';
import { caseEvents, dispatchQueue, messages } from '../../engine/db/schema';
import { campaignRecipients, campaigns, contactLists } from '../../engine/db/schema-outreach';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { isDoNotContact, listDoNotContact } from '../../engine/outreach/do-not-contact-store';
import { matchStopKeyword } from '../../engine/outreach/inbound-hook';
import { DEFAULT_STOP_KEYWORDS, putOutreachSettings } from '../../engine/outreach/outreach-settings-store';
import { tempDb } from '../support/temp-db';

let n = 0;
const message = (sender: string, text: string): InboundEvent => ({
  kind: 'message', eventId: `e-${++n}`, providerMessageId: `p-${n}`, threadId: sender, sender: { externalId: sender }, text, attachments: [], occurredAt: 1_700_000_000_000 + n,
});

describe('opt-out keywords', () => {
  it('match the whole message in English or Spanish, whatever the case, accents or punctuation', () => {
    expect(matchStopKeyword('STOP', DEFAULT_STOP_KEYWORDS)).toBe('STOP');
    expect(matchStopKeyword(' stop. ', DEFAULT_STOP_KEYWORDS)).toBe('STOP');
    expect(matchStopKeyword('Unsubscribe!', DEFAULT_STOP_KEYWORDS)).toBe('UNSUBSCRIBE');
    expect(matchStopKeyword('baja', DEFAULT_STOP_KEYWORDS)).toBe('BAJA');
    expect(matchStopKeyword('Darse de BAJA', DEFAULT_STOP_KEYWORDS)).toBe('DARSE DE BAJA');
    expect(matchStopKeyword('please stop the noise', DEFAULT_STOP_KEYWORDS)).toBeNull();
    expect(matchStopKeyword('stopwatch', DEFAULT_STOP_KEYWORDS)).toBeNull();
    expect(matchStopKeyword('désabonner', ['DESABONNER'])).toBe('DESABONNER');
  });
});

describe('the ingest hook', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());
  const channel = () => ({ id: t.channelId, accountId: t.accountId, type: 'byoc' });

  it('puts a STOP sender on the channel list and queues the acknowledgement after the inbound message', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('cust-1', 'Stop')]);
    expect(listDoNotContact(t.db, t.accountId, { limit: 10 }).items).toEqual([expect.objectContaining({ channelId: t.channelId, identity: 'cust-1', source: 'keyword', note: 'STOP' })]);
    const out = t.db.select().from(messages).all().filter((m) => m.direction === 'out');
    expect(out).toEqual([expect.objectContaining({ caseId, authorType: 'system', deliveryStatus: 'queued', fallbackText: expect.stringContaining('You will not receive more messages') })]);
    expect(t.db.select().from(dispatchQueue).all().map((d) => d.kind)).toEqual(['inbound', 'agentReply']);
    expect(t.db.select().from(caseEvents).all()).toEqual([expect.objectContaining({ type: 'campaign_opted_out', to: 'STOP' })]);
    // A second STOP keeps one entry.
    ingestEvents(t.db, channel(), [message('cust-1', 'STOP')]);
    expect(listDoNotContact(t.db, t.accountId, { limit: 10 }).items).toHaveLength(1);
  });

  it('uses the account\'s own keywords and reply once configured', () => {
    putOutreachSettings(t.db, t.accountId, { stopKeywords: ['ARRÊT'], stopReply: 'Vous ne recevrez plus de messages.' });
    ingestEvents(t.db, channel(), [message('cust-2', 'stop')]);
    expect(isDoNotContact(t.db, t.accountId, t.channelId, 'cust-2')).toBe(false);
    ingestEvents(t.db, channel(), [message('cust-2', 'arret')]);
    expect(isDoNotContact(t.db, t.accountId, t.channelId, 'cust-2')).toBe(true);
    expect(t.db.select().from(messages).all().find((m) => m.direction === 'out')?.fallbackText).toBe('Vous ne recevrez plus de messages.');
  });

  it('marks the campaign recipient who replies, routes the new case to the skill, and applies receipts forward only', () => {
    const now = Date.now();
    t.db.insert(contactLists).values({ id: 'cl_1', accountId: t.accountId, name: 'L', status: 'ready', createdAt: now, updatedAt: now }).run();
    t.db.insert(campaigns).values({
      id: 'cmp_1', accountId: t.accountId, name: 'Spring', channelId: t.channelId, listId: 'cl_1', message: {}, mode: 'skill', skillId: 'sales', status: 'sending', createdAt: now, updatedAt: now,
    }).run();
    t.db.insert(campaignRecipients).values({
      campaignId: 'cmp_1', accountId: t.accountId, channelId: t.channelId, rowNumber: 2, identity: 'cust-3', identities: { byoc: 'cust-3' }, variables: {},
      status: 'sent', messageId: 'cmp_1-r2', sentAt: now, updatedAt: now,
    }).run();
    const recipient = () => t.db.select().from(campaignRecipients).get()!;

    ingestEvents(t.db, channel(), [{ kind: 'receipt', eventId: 'rc-1', messageId: 'cmp_1-r2', status: 'read', occurredAt: now }]);
    expect(recipient().status).toBe('read');
    ingestEvents(t.db, channel(), [{ kind: 'receipt', eventId: 'rc-2', messageId: 'cmp_1-r2', status: 'delivered', occurredAt: now }]);
    expect(recipient().status).toBe('read');

    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('cust-3', 'Tell me more')]);
    expect(recipient()).toMatchObject({ status: 'replied', caseId });
    const events = t.db.select().from(caseEvents).all();
    expect(events.map((e) => [e.type, e.to, e.actor])).toEqual([['campaign_replied', 'cmp_1', 'customer'], ['skill_changed', 'sales', 'campaign:cmp_1']]);
  });
});
