// A rule's send_message with an email subject: the subject is part of the action's schema, rides on
// the stored message content, reaches the email connector as context.email.newSubject, and the mail
// sent over SMTP carries it when it starts a thread; a reply in a known thread keeps "Re: <subject>".
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailConfigSchema } from '../../connectors/email/config';
import { sendEmailMessage } from '../../connectors/email/send';
import { ChannelStore } from '../../engine/channels/channel-store';
import { outboundContext } from '../../engine/channels/outbound-context';
import { cases, channels, contacts } from '../../engine/db/schema';
import { emailThreads } from '../../engine/db/schema-email';
import { createSecretBox } from '../../engine/security/secret-box';
import { ACTIONS_BY_TYPE } from '../../model/rules/actions';
import { emailSubjectExtra, ruleMessage } from '../../workflows/rules/actions/messaging';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { tempDb } from '../support/temp-db';

describe('send_message subject', () => {
  it('is an optional field of the action, at most 200 characters', () => {
    const input = ACTIONS_BY_TYPE.get('send_message')!.input;
    expect(input.safeParse({ text: 'Hi', subject: 'Your booking' }).success).toBe(true);
    expect(input.safeParse({ text: 'Hi' }).success).toBe(true);
    expect(input.safeParse({ text: 'Hi', subject: 'x'.repeat(201) }).success).toBe(false);
  });

  it('becomes a content extra only when it says something', () => {
    expect(emailSubjectExtra({ text: 'Hi', subject: '  Your   booking ' })).toEqual({ emailSubject: 'Your booking' });
    expect(emailSubjectExtra({ text: 'Hi', subject: '   ' })).toBeUndefined();
    expect(emailSubjectExtra({ text: 'Hi' })).toBeUndefined();
  });
});

describe('a rule\'s mail over SMTP', () => {
  let t: ReturnType<typeof tempDb>;
  let sink: SmtpSink;
  let store: ChannelStore;
  beforeEach(async () => {
    t = tempDb();
    sink = await startSmtpSink();
    const config = emailConfigSchema.parse({ address: 'hola@aroma.test', smtpHost: '127.0.0.1', smtpPort: sink.port, smtpIgnoreTls: true, timeoutMs: 2_000 });
    const now = Date.now();
    t.db.insert(channels).values({ id: 'ch_mail', accountId: t.accountId, type: 'email', name: 'Mail', config, createdAt: now, updatedAt: now }).run();
    t.db.insert(contacts).values({ id: 'ct_1', accountId: t.accountId, name: 'Lucía', createdAt: now, updatedAt: now }).run();
    store = new ChannelStore(t.db, createSecretBox(randomBytes(32)), 'https://parley.test');
  });
  afterEach(async () => { await sink.close(); t.close(); });

  /** What the send activity does with a stored rule message: the content (with the extra) → context → connector. */
  const sendRuleMail = async (caseId: string, threadId: string, input: Record<string, unknown>) => {
    const reply = ruleMessage(input);
    const content = { ...reply.content, ...emailSubjectExtra(input) };
    const context = outboundContext(t.db, 'email', caseId, { messageId: `msg_${caseId}`, content, publicUrl: 'https://parley.test' });
    await sendEmailMessage({ id: `msg_${caseId}`, caseId, threadId, recipient: { externalId: 'lucia@example.net' }, content, text: reply.text, attachments: [], context }, store.context('ch_mail')!.ctx as never, { fetch, now: Date.now });
    return (await sink.waitFor(1)).at(-1)!;
  };

  it('a mail that starts a thread carries the rule\'s subject', async () => {
    const now = Date.now();
    t.db.insert(cases).values({ id: 'case_new', accountId: t.accountId, channelId: 'ch_mail', contactId: 'ct_1', threadId: 'lucia@example.net', status: 'open', createdAt: now, updatedAt: now, statusUpdatedAt: now }).run();
    const mail = await sendRuleMail('case_new', 'lucia@example.net', { text: 'Your table for Friday is confirmed.', subject: 'Booking confirmed: Friday 8 pm' });
    expect(mail.subject).toBe('Booking confirmed: Friday 8 pm');
  });

  it('a reply in a thread with mail keeps "Re: <the thread\'s subject>"', async () => {
    const now = Date.now();
    t.db.insert(cases).values({ id: 'case_thread', accountId: t.accountId, channelId: 'ch_mail', contactId: 'ct_1', threadId: '<m1@example.net>', status: 'open', createdAt: now, updatedAt: now, statusUpdatedAt: now }).run();
    t.db.insert(emailThreads).values({ channelId: 'ch_mail', threadId: '<m1@example.net>', subject: 'Booking for Friday', replyToken: 'abcdef123456', createdAt: now }).run();
    const mail = await sendRuleMail('case_thread', '<m1@example.net>', { text: 'Confirmed.', subject: 'Something else' });
    expect(mail.subject).toBe('Re: Booking for Friday');
  });
});
