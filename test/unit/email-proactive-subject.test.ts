// The subject of a mail Parley writes first (a campaign, a rule writing to a contact with no
// thread): the subject the campaign gave (its {{variables}} filled per recipient), else the account's
// name and the message's first line; a reply in a thread keeps "Re: <the thread's subject>".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailConfigSchema } from '../../connectors/email/config';
import { sendEmailMessage, subjectOf } from '../../connectors/email/send';
import { ChannelStore } from '../../engine/channels/channel-store';
import { cases, channels, contacts } from '../../engine/db/schema';
import { emailThreads } from '../../engine/db/schema-email';
import { campaignRecipients, campaigns, contactLists } from '../../engine/db/schema-outreach';
import { emailReplyContext } from '../../engine/email/email-threads';
import { rowVariableNames, toCampaignMessage, unknownPlaceholders } from '../../engine/outreach/campaign-content';
import { sendBatch } from '../../engine/outreach/campaign-sender';
import { createSecretBox } from '../../engine/security/secret-box';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { tempDb } from '../support/temp-db';
import { randomBytes } from 'node:crypto';

describe('the subject a mail gets', () => {
  it('a reply: Re: and the thread\'s subject; a first mail: its own subject, else "<account>: <first line>" within 78 characters', () => {
    expect(subjectOf({ subject: 'Order 1042' }, 'Here it is', 'shop.test')).toBe('Re: Order 1042');
    expect(subjectOf({ subject: '' }, 'Here it is', 'shop.test')).toBe('Your message');
    expect(subjectOf({ newSubject: '  Spring   sale ' }, 'Hi', 'shop.test')).toBe('Spring sale');
    expect(subjectOf({ senderName: 'Café Aroma' }, '\n\nYour table is ready.\nSee you soon', 'shop.test')).toBe('Café Aroma: Your table is ready.');
    expect(subjectOf({}, 'Your table is ready.', 'Café Aroma support')).toBe('Café Aroma support: Your table is ready.');
    const long = subjectOf({ senderName: 'Café Aroma' }, 'We have moved our opening hours for the whole of the summer season to seven in the morning', 'x');
    expect(long.length).toBeLessThanOrEqual(78);
    expect(long).toMatch(/^Café Aroma: We have moved our opening hours .*…$/);
    expect(long).not.toMatch(/\s…$/);
  });
});

describe('a campaign\'s subject', () => {
  it('is kept with the message, and a variable the list does not have is refused on the subject field', () => {
    const message = toCampaignMessage({ subject: ' Summer  menu for {{name}} ', text: 'Hola {{name}}' });
    expect(message).toMatchObject({ subject: 'Summer menu for {{name}}', content: { type: 'text', text: 'Hola {{name}}' } });
    expect(unknownPlaceholders(message, rowVariableNames(['city']))).toEqual([]);
    const typo = toCampaignMessage({ subject: 'For {{nmae}}', text: 'Hola' });
    expect(unknownPlaceholders(typo, rowVariableNames(['city']))).toEqual([expect.objectContaining({ path: 'message.subject', message: expect.stringMatching(/unknown variable \{\{nmae\}\}/) })]);
    expect(toCampaignMessage({ text: 'Hola' })).not.toHaveProperty('subject');
  });
});

describe('proactive mail over SMTP', () => {
  let t: ReturnType<typeof tempDb>;
  let sink: SmtpSink;
  let store: ChannelStore;
  beforeEach(async () => {
    t = tempDb();
    sink = await startSmtpSink();
    t.db.$client.prepare('update accounts set name = ? where id = ?').run('Café Aroma', t.accountId);
    const config = emailConfigSchema.parse({ address: 'hola@aroma.test', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpIgnoreTls: true, timeoutMs: 2_000 });
    const now = Date.now();
    t.db.insert(channels).values({ id: 'ch_mail', accountId: t.accountId, type: 'email', name: 'Mail', config, createdAt: now, updatedAt: now }).run();
    store = new ChannelStore(t.db, createSecretBox(randomBytes(32)), 'https://parley.test');
  });
  afterEach(async () => { await sink.close(); t.close(); });

  const campaignWith = (message: { subject?: string; text: string }) => {
    const now = Date.now();
    t.db.insert(contactLists).values({ id: 'cl_1', accountId: t.accountId, name: 'Regulars', status: 'ready', createdAt: now, updatedAt: now }).run();
    t.db.insert(campaigns).values({
      id: 'cmp_1', accountId: t.accountId, name: 'Summer', channelId: 'ch_mail', listId: 'cl_1',
      message: { ...toCampaignMessage(message) }, mode: 'agentless', status: 'sending', createdAt: now, updatedAt: now,
    }).run();
    t.db.insert(campaignRecipients).values({
      campaignId: 'cmp_1', accountId: t.accountId, channelId: 'ch_mail', rowNumber: 2, name: 'Lucía', identity: 'lucia@example.net', identities: { email: 'lucia@example.net' }, variables: {},
      status: 'queued', messageId: 'cmp_1-r2', updatedAt: now,
    }).run();
  };
  const send = () => sendBatch({ db: t.db, channels: store, fetch, now: Date.now, heartbeat: () => {}, sleep: async () => {} },
    { campaignId: 'cmp_1', limit: 10, pacing: { anchorMs: Date.now(), sent: 0 }, ratePerSecond: null, window: null });

  it('a campaign mail carries the campaign\'s subject, with the recipient\'s variables filled', async () => {
    campaignWith({ subject: 'Summer menu for {{name}}', text: 'Hola {{name}}, our summer menu starts Monday.' });
    expect(await send()).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toBe('Summer menu for Lucía');
    expect(mail.parsed.text).toContain('Hola Lucía, our summer menu starts Monday.');
  });

  it('a campaign without a subject: the account\'s name and the first line, not a generic "Your message"', async () => {
    campaignWith({ text: 'Hola {{name}}, our summer menu starts Monday.\nSee you soon!' });
    expect(await send()).toMatchObject({ sent: 1 });
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toBe('Café Aroma: Hola Lucía, our summer menu starts Monday.');
  });

  it('a rule writing to a contact with no mail thread gets the account\'s name for the subject; a known thread keeps its subject', async () => {
    const now = Date.now();
    t.db.insert(contacts).values({ id: 'ct_1', accountId: t.accountId, name: 'Lucía', createdAt: now, updatedAt: now }).run();
    t.db.insert(cases).values({ id: 'case_new', accountId: t.accountId, channelId: 'ch_mail', contactId: 'ct_1', threadId: 'lucia@example.net', status: 'open', createdAt: now, updatedAt: now, statusUpdatedAt: now }).run();
    const fresh = emailReplyContext(t.db, 'case_new');
    expect(fresh).toEqual({ senderName: 'Café Aroma' });
    await sendEmailMessage({ id: 'msg_1', caseId: 'case_new', threadId: 'lucia@example.net', recipient: { externalId: 'lucia@example.net' }, content: { content: { type: 'text', text: 'Your table for Friday is confirmed.', format: 'plain' } }, text: 'Your table for Friday is confirmed.', attachments: [], context: { email: fresh } }, store.context('ch_mail')!.ctx as never, { fetch, now: Date.now });
    expect((await sink.waitFor(1))[0].subject).toBe('Café Aroma: Your table for Friday is confirmed.');

    t.db.insert(cases).values({ id: 'case_thread', accountId: t.accountId, channelId: 'ch_mail', contactId: 'ct_1', threadId: '<m1@example.net>', status: 'open', createdAt: now, updatedAt: now, statusUpdatedAt: now }).run();
    t.db.insert(emailThreads).values({ channelId: 'ch_mail', threadId: '<m1@example.net>', subject: 'Booking for Friday', replyToken: 'abcdef123456', createdAt: now }).run();
    expect(emailReplyContext(t.db, 'case_thread')).toMatchObject({ subject: 'Booking for Friday' });
    expect(emailReplyContext(t.db, 'case_thread')).not.toHaveProperty('senderName');
  });
});
