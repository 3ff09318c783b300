// The email connector's pieces: which mail a person wrote (auto-replies, list mail, bounces), the
// text an answer's author wrote above the quoted thread, plus-addressed reply tokens, a parsed
// mail's facts, and how SMTP failures are classified for retries.
import { simpleParser } from 'mailparser';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyMail, readBounce } from '../../connectors/email/auto-mail';
import { emailConfigSchema } from '../../connectors/email/config';
import { readMail } from '../../connectors/email/read-mail';
import { isMailboxAddress, replyAddress, tokenOf } from '../../connectors/email/reply-address';
import { replySubject, sendEmailMessage } from '../../connectors/email/send';
import { visibleReplyText } from '../../connectors/email/visible-text';
import { SendError } from '../../connectors/connector';
import { startSmtpSink } from '../fakes/smtp-sink';

const headers = (h: Record<string, string>) => new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('which mail a person wrote', () => {
  it('recognises RFC 3834 auto-replies, vacation and list mail, and lets a person\'s mail through', () => {
    expect(classifyMail(headers({ 'Auto-Submitted': 'auto-replied' }), 'a@x.org')).toMatchObject({ kind: 'auto_reply' });
    expect(classifyMail(headers({ 'Auto-Submitted': 'no' }), 'a@x.org')).toEqual({ kind: 'person' });
    expect(classifyMail(headers({ 'X-Autoreply': 'yes' }), 'a@x.org')).toMatchObject({ kind: 'auto_reply' });
    expect(classifyMail(headers({ Precedence: 'bulk' }), 'a@x.org')).toMatchObject({ kind: 'auto_reply', reason: 'Precedence: bulk' });
    expect(classifyMail(headers({ 'List-Id': '<news.x.org>' }), 'a@x.org')).toMatchObject({ kind: 'auto_reply' });
    // Outlook sets this on a person's mail to ask for no auto-replies: it is not an auto-reply itself.
    expect(classifyMail(headers({ 'X-Auto-Response-Suppress': 'All' }), 'a@x.org')).toEqual({ kind: 'person' });
  });

  it('recognises delivery status notifications and reads the bounced Message-ID and diagnostic', () => {
    expect(classifyMail(headers({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' }), 'a@x.org')).toMatchObject({ kind: 'bounce' });
    expect(classifyMail(headers({}), 'MAILER-DAEMON@x.org')).toMatchObject({ kind: 'bounce' });
    expect(readBounce('Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\nMessage-ID: <m1@shop.test>\n'))
      .toEqual({ originalMessageId: '<m1@shop.test>', diagnostic: '550 5.1.1 User unknown' });
    expect(readBounce('Status: 4.4.7\n')).toEqual({ diagnostic: '4.4.7' });
  });
});

describe('the text an answer\'s author wrote', () => {
  it('cuts the quoted thread under Gmail, Outlook and Spanish headers and > quotes', () => {
    expect(visibleReplyText('Thanks!\n\nOn Fri, 27 Nov 2026 at 10:00, Shop <s@shop.test> wrote:\n> Your order ships.\n')).toBe('Thanks!');
    expect(visibleReplyText('Gracias\n\nEl vie, 27 nov 2026 a las 10:00, Tienda <s@shop.test> escribió:\n> Hola')).toBe('Gracias');
    expect(visibleReplyText('Fine by me\n\n-----Original Message-----\nFrom: Shop\nSent: Friday\n')).toBe('Fine by me');
    expect(visibleReplyText('Yes\n________________________________\nFrom: Shop <s@shop.test>\nSent: Friday, 27 November\n')).toBe('Yes');
    expect(visibleReplyText('Sure\n> old text\n> more old text\n')).toBe('Sure');
    // Gmail wraps a long "On … wrote:" over two lines.
    expect(visibleReplyText('Ok\n\nOn Fri, 27 Nov 2026 at 10:00, A very long sender name\n<s@shop.test> wrote:\n> x')).toBe('Ok');
  });

  it('keeps everything when nothing is quoted, and never returns an empty text for a quote-only mail', () => {
    expect(visibleReplyText('Line one\nLine two')).toBe('Line one\nLine two');
    expect(visibleReplyText('From: me, the customer — I have a question')).toBe('From: me, the customer — I have a question');
    expect(visibleReplyText('> only a quote')).toBe('> only a quote');
  });
});

describe('plus-addressed reply tokens', () => {
  it('makes and reads support+token@domain, case-insensitively, and nothing else', () => {
    const address = 'support@shop.test';
    const reply = replyAddress(address, 'abc123def456');
    expect(reply).toBe('support+abc123def456@shop.test');
    expect(tokenOf(address, 'Support+ABC123DEF456@Shop.Test')).toBe('abc123def456');
    expect(tokenOf(address, 'sales+abc123def456@shop.test')).toBeUndefined();
    expect(tokenOf(address, 'support+abc123def456@other.test')).toBeUndefined();
    expect(tokenOf(address, 'support+x@shop.test')).toBeUndefined();
    expect(isMailboxAddress(address, 'SUPPORT@shop.test')).toBe(true);
    expect(isMailboxAddress(address, reply)).toBe(true);
    expect(isMailboxAddress(address, 'support@shop.test.evil')).toBe(false);
  });
});

describe('a parsed mail', () => {
  it('gives the thread headers, the sender, the visible text and the files', async () => {
    const raw = [
      'From: "Lucía Pérez" <Lucia@Example.net>',
      'To: support@shop.test',
      'Cc: Other <other@example.net>',
      'Subject: Re: Order 1042',
      'Message-ID: <m2@example.net>',
      'In-Reply-To: <m1@shop.test>',
      'References: <m0@example.net> <m1@shop.test>',
      'Date: Fri, 27 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Here is the photo.',
      '',
      'On Fri, 27 Nov 2026, Shop <support@shop.test> wrote:',
      '> Could you send a photo?',
      '--b',
      'Content-Type: image/png; name="lid.png"',
      'Content-Disposition: attachment; filename="lid.png"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const facts = readMail(await simpleParser(raw), 'hash', Date.parse('2026-11-27T10:05:00Z'));
    expect(facts).toMatchObject({
      messageId: '<m2@example.net>', inReplyTo: '<m1@shop.test>', references: ['<m0@example.net>', '<m1@shop.test>'],
      subject: 'Re: Order 1042', from: { address: 'lucia@example.net', name: 'Lucía Pérez' },
      text: 'Here is the photo.', occurredAt: Date.parse('2026-11-27T10:00:00Z'), kind: { kind: 'person' },
    });
    expect(facts.recipients).toEqual(['support@shop.test', 'other@example.net']);
    expect(facts.files).toEqual([expect.objectContaining({ name: 'lid.png', declaredType: 'image/png', size: 8, inline: false })]);
  });

  it('names a mail without a Message-ID by its hash and distrusts a date from the future', async () => {
    const facts = readMail(await simpleParser('From: a@x.org\r\nTo: s@shop.test\r\nDate: Fri, 1 Jan 2100 00:00:00 +0000\r\n\r\nhi\r\n'), 'abc', 1_000);
    expect(facts.messageId).toBe('<abc@parley.invalid>');
    expect(facts.occurredAt).toBe(1_000);
  });
});

describe('sending', () => {
  const channel = (port: number, extra: Record<string, unknown> = {}) => ({
    id: 'ch_1', accountId: 'acc_1',
    config: emailConfigSchema.parse({ address: 'support@shop.test', smtpHost: '127.0.0.1', smtpPort: port, smtpIgnoreTls: true, timeoutMs: 2_000, ...extra }),
  });
  const message = { id: 'msg_1', caseId: 'case_1', threadId: '<m1@example.net>', recipient: { externalId: 'lucia@example.net' }, content: { content: { type: 'text', text: 'Hi', format: 'plain' } }, text: 'Hi', attachments: [] };
  const deps = { fetch, now: Date.now };

  it('gives the reply a stable Message-ID and the thread\'s subject', async () => {
    const sink = await startSmtpSink();
    try {
      const result = await sendEmailMessage({ ...message, context: { email: { subject: 'Order 1042', inReplyTo: '<m1@example.net>', replyToken: 'abcdef123456' } } }, channel(sink.port), deps);
      expect(result.providerMessageId).toBe('<msg_1@shop.test>');
      const [mail] = await sink.waitFor(1);
      expect(mail.messageId).toBe('<msg_1@shop.test>');
      expect(mail.subject).toBe('Re: Order 1042');
      expect(mail.parsed.replyTo?.value[0].address).toBe('support+abcdef123456@shop.test');
    } finally { await sink.close(); }
    expect(replySubject('RE: hello')).toBe('RE: hello');
    expect(replySubject('')).toBe('Your message');
  });

  it('classifies failures: 451 and an unreachable server are transient; 550 and a refused login are permanent', async () => {
    const busy = await startSmtpSink({ failFirst: 1 });
    const refusing = await startSmtpSink({ refuseRecipients: ['lucia@example.net'] });
    const locked = await startSmtpSink({ users: { parley: 'right' } });
    const closed = await new Promise<number>((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); }); });
    try {
      const attempt = (port: number, extra?: Record<string, unknown>) => sendEmailMessage(message, channel(port, extra), deps).then(() => null, (e: SendError) => e);
      expect(await attempt(busy.port)).toMatchObject({ transient: true, status: 451 });
      expect(await attempt(refusing.port)).toMatchObject({ transient: false, status: 550 });
      expect((await attempt(refusing.port))?.message).toMatch(/User unknown/);
      expect(await attempt(locked.port, { smtpUser: 'parley', smtpPassword: 'wrong' })).toMatchObject({ transient: false, message: expect.stringMatching(/refused the login/) });
      expect(await attempt(closed)).toMatchObject({ transient: true, message: expect.stringMatching(/Could not reach the SMTP server/) });
      expect(await sendEmailMessage({ ...message, recipient: { externalId: 'not-an-address' } }, channel(busy.port), deps).catch((e: SendError) => e)).toMatchObject({ transient: false });
    } finally {
      await Promise.all([busy.close(), refusing.close(), locked.close()]);
    }
  });

  it('a server that takes the connection and never answers is a transient timeout, within timeoutMs', async () => {
    // A mail server stuck before its greeting: the TCP connection opens, no 220 ever comes.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => { sockets.push(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const err = await sendEmailMessage(message, channel((silent.address() as { port: number }).port, { timeoutMs: 1_000 }), deps).then(() => null, (e: SendError) => e);
      expect(err).toMatchObject({ transient: true, message: expect.stringMatching(/^Could not reach the SMTP server \(ETIMEDOUT\)/) });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('validates the config with messages a person can act on', () => {
    const bad = emailConfigSchema.safeParse({ address: 'support', smtpHost: '', smtpUser: 'u' });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['address', 'smtpHost']));
    expect(emailConfigSchema.safeParse({ address: 'support@shop.test', smtpHost: 'smtp.shop.test', smtpUser: 'u' }).error?.issues[0].message).toBe('smtpUser and smtpPassword go together');
  });
});
