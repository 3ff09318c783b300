// The email channel end to end over real SMTP: a customer's mail reaches Parley's own SMTP endpoint
// and opens a case; the agent's reply leaves through the channel's SMTP server (a local sink) with
// the thread's headers; the customer's answer — by In-Reply-To, or only by the plus-addressed
// Reply-To — joins the same case; auto-replies and unknown mailboxes open nothing; a bounce fails the
// reply it reports; a refused recipient fails the reply with the server's reason.
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const MAILBOX = 'support@cafe-aroma.test';

describe('email channel over real SMTP', () => {
  let h: Harness;
  let sink: SmtpSink;
  let channelId = '';
  let customer: Transporter;

  const caseOf = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const casesOfChannel = async () => ((await (await h.api(`/api/v1/cases?channelId=${channelId}&limit=100`)).json()).items as { id: string; contactId: string }[]);
  const send = (mail: SendMailOptions) => customer.sendMail({ from: 'Lucía Pérez <lucia@example.net>', to: MAILBOX, ...mail });

  beforeAll(async () => {
    sink = await startSmtpSink({ refuseRecipients: ['nobody@example.net'] });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_SMTP_PORT: '0', PARLEY_SMTP_HOST: '127.0.0.1' } });
    const created = await h.api('/api/v1/channels', {
      method: 'POST',
      json: { type: 'email', name: 'Support mailbox', config: { address: MAILBOX, fromName: 'Café Aroma', smtpHost: sink.host, smtpPort: sink.port, smtpIgnoreTls: true } },
    });
    expect(created.status).toBe(201);
    channelId = (await created.json()).id;
    customer = nodemailer.createTransport({ host: '127.0.0.1', port: h.parley.smtpPort!, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    customer?.close();
    await h?.stop();
    await sink?.close();
  });

  it('connecting checks the SMTP login: a wrong password is refused with the server\'s answer and creates nothing', async () => {
    const locked = await startSmtpSink({ users: { 'support@cafe-aroma.test': 'right-password' } });
    try {
      const before = (await (await h.api('/api/v1/channels?limit=100')).json()).items.length;
      const config = { address: 'orders@cafe-aroma.test', smtpHost: locked.host, smtpPort: locked.port, smtpIgnoreTls: true, smtpUser: 'support@cafe-aroma.test' };
      const refused = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'email', name: 'Orders', config: { ...config, smtpPassword: 'wrong' } } });
      expect(refused.status).toBe(422);
      const problem = await refused.json();
      expect(problem.code).toBe('channel_setup_failed');
      expect(problem.detail).toMatch(/refused the connection or login: .*535/);
      expect((await (await h.api('/api/v1/channels?limit=100')).json()).items).toHaveLength(before);
      const ok = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'email', name: 'Orders', config: { ...config, smtpPassword: 'right-password' } } });
      expect(ok.status).toBe(201);
      const channel = await ok.json();
      expect(channel.config.smtpPassword).toBe('••••••••');
      expect(channel.nextSteps[0].text).toMatch(/point the MX record of cafe-aroma\.test/);
    } finally {
      await locked.close();
    }
  });

  it('a mail opens a case; the reply threads; the answer joins the case by its headers and by the reply address alone', async () => {
    await send({ subject: 'Order 1042 arrived broken', text: 'Hello,\nthe grinder arrived with a cracked lid.\nLucía', messageId: '<first-1042@example.net>' });
    const [first] = await eventually(async () => { const items = await casesOfChannel(); return items.length ? items : null; });
    const opened = await caseOf(first.id);
    expect(opened.messages[0].text).toBe('Hello,\nthe grinder arrived with a cracked lid.\nLucía');

    const reply = await h.api(`/api/v1/cases/${first.id}/messages`, { method: 'POST', json: { text: 'Sorry about that, Lucía! A new lid ships today.' } });
    expect(reply.status).toBe(202);
    const [out] = await sink.waitFor(1, 20_000);
    expect(out.to).toEqual(['lucia@example.net']);
    expect(out.from).toBe(MAILBOX);
    expect(out.subject).toBe('Re: Order 1042 arrived broken');
    expect(out.parsed.inReplyTo).toBe('<first-1042@example.net>');
    expect(out.parsed.html).toContain('<p>Sorry about that, Lucía! A new lid ships today.</p>');
    expect(out.text.trim()).toBe('Sorry about that, Lucía! A new lid ships today.');
    const replyTo = out.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^support\+[a-f0-9]{24}@cafe-aroma\.test$/);

    // The customer answers the reply: In-Reply-To its Message-ID, the quoted history below.
    await send({
      subject: 'Re: Order 1042 arrived broken', inReplyTo: out.messageId!, references: ['<first-1042@example.net>', out.messageId!],
      text: `Thank you!\n\nOn Fri, 27 Nov 2026 at 10:00, Café Aroma <${MAILBOX}> wrote:\n> Sorry about that, Lucía! A new lid ships today.\n`,
    });
    // A client that drops the headers still reaches the thread through the plus-address.
    await send({ to: replyTo, subject: 'one more thing', text: 'Could you send it to my office instead?' });
    const thread = await eventually(async () => { const c = await caseOf(first.id); return c.messages.length >= 4 ? c : null; });
    expect(thread.messages.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual([
      ['in', 'Hello,\nthe grinder arrived with a cracked lid.\nLucía'],
      ['out', 'Sorry about that, Lucía! A new lid ships today.'],
      ['in', 'Thank you!'],
      ['in', 'Could you send it to my office instead?'],
    ]);
    expect(await casesOfChannel()).toHaveLength(1);

    // The second reply's References carry the thread from its first mail.
    await h.api(`/api/v1/cases/${first.id}/messages`, { method: 'POST', json: { text: 'Done: it goes to your office.' } });
    const [, second] = await sink.waitFor(2, 20_000);
    expect(second.subject).toBe('Re: Order 1042 arrived broken');
    const refs = second.parsed.references;
    expect(Array.isArray(refs) ? refs[0] : refs).toBe('<first-1042@example.net>');
  });

  it('buttons become answer links: the page asks to confirm, the POST records the tap as the answer, once', async () => {
    await send({ from: 'pablo@example.es', subject: 'Pedido 2077', text: '¿Dónde está mi pedido?', messageId: '<p2077@example.es>' });
    const c = await eventually(async () => {
      for (const x of await casesOfChannel()) if ((await caseOf(x.id)).messages[0].text === '¿Dónde está mi pedido?') return x;
      return null;
    });
    const sent = sink.received.length;
    const question = (await (await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { content: { type: 'buttons', text: '¿Sobre qué es?', buttons: [
      { id: 'delivery', title: 'Entrega', action: { type: 'postback', payload: 'DELIVERY' } },
      { id: 'billing', title: 'Factura', action: { type: 'postback', payload: 'BILLING' } },
    ] } } })).json()).id;
    const mail = (await sink.waitFor(sent + 1, 20_000)).at(-1)!;
    const links = [...(mail.parsed.html || '').matchAll(/href="[^"]*(\/a\/[A-Za-z0-9_-]+)"[^>]*>([^<]+)</g)].map((m) => ({ path: m[1], title: m[2] }));
    expect(links.map((l) => l.title)).toEqual(['Entrega', 'Factura']);
    expect(mail.text).toContain('1. Entrega');

    const entrega = `${h.parley.url}${links[0].path}`;
    const page = await fetch(entrega, { headers: { 'accept-language': 'es-ES' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Entrega');
    expect(html).toContain('Enviar esta respuesta');
    // Opening the link (as a mail scanner does) answers nothing.
    expect((await caseOf(c.id)).messages).toHaveLength(2);
    const confirmed = await fetch(entrega, { method: 'POST' });
    expect(await confirmed.text()).toContain('we got your answer');
    await fetch(entrega, { method: 'POST' });
    const thread = (await caseOf(c.id)).messages;
    expect(thread).toHaveLength(3);
    expect(thread[2]).toMatchObject({ direction: 'in', text: 'Entrega', content: { answer: { messageId: question, optionId: 'delivery', payload: 'DELIVERY' } } });
    expect((await fetch(`${h.parley.url}/a/not-a-real-token-00000000`)).status).toBe(404);
  });

  it('a site can answer its offline form by email: the message starts a thread on the email channel and the reply is a mail to the visitor', async () => {
    const origin = 'https://shop.cafe-aroma.test';
    const siteJson = (extra: Record<string, unknown>) => ({ name: 'Café Aroma', allowedOrigins: [origin], entryPoints: [{ type: 'webchat' }], language: 'en', ...extra });
    const unknown = await h.api('/api/v1/sites', { method: 'POST', json: siteJson({ offlineReplyChannelId: 'ch_nope' }) });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors[0]).toMatchObject({ path: 'offlineReplyChannelId' });
    const site = await (await h.api('/api/v1/sites', { method: 'POST', json: siteJson({ offlineReplyChannelId: channelId }) })).json();
    const config = await (await fetch(`${h.parley.url}/w/${site.id}/config`, { headers: { origin } })).json();
    expect(config.offlineByEmail).toBe(true);

    const left = await fetch(`${h.parley.url}/w/${site.id}/offline`, {
      method: 'POST', headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'v_offlinevisitor00001', clientMessageId: 'offline0001', name: 'Nora Díaz', email: 'Nora@Example.org', message: 'Do you deliver on Saturdays?' }),
    });
    expect(left.status).toBe(202);
    const c = await eventually(async () => {
      for (const x of await casesOfChannel()) { const full = await caseOf(x.id); if (full.messages[0].text === 'Do you deliver on Saturdays?') return full; }
      return null;
    });
    expect(c.tags).toContain('offline-form');
    const sent = sink.received.length;
    await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { text: 'Yes, until 14:00.' } });
    const mail = (await sink.waitFor(sent + 1, 20_000)).at(-1)!;
    expect(mail.to).toEqual(['nora@example.org']);
    expect(mail.subject).toBe('Re: Your message on Café Aroma');
    expect(mail.text.trim()).toBe('Yes, until 14:00.');
  });

  it('an agent\'s file goes out as a real mail attachment, read from Parley\'s store', async () => {
    await send({ from: 'iker@example.es', subject: 'Factura 88', text: '¿Me mandáis la factura?', messageId: '<inv88@example.es>' });
    const c = await eventually(async () => {
      for (const x of await casesOfChannel()) if ((await caseOf(x.id)).messages[0].text === '¿Me mandáis la factura?') return x;
      return null;
    });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'factura-88.pdf');
    form.append('channelId', channelId);
    const uploaded = await (await h.api('/api/v1/attachments', { method: 'POST', body: form })).json();
    const sent = sink.received.length;
    const reply = await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { text: 'Aquí la tienes.', attachments: [{ url: uploaded.url, mime: uploaded.mime, name: uploaded.name }] } });
    expect(reply.status).toBe(202);
    const mail = (await sink.waitFor(sent + 1, 20_000)).at(-1)!;
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['factura-88.pdf', 'application/pdf']]);
    expect(mail.parsed.attachments[0].content.equals(pdf)).toBe(true);
  });

  it('keeps a mail\'s files by their content: a photo is stored and downloadable by agents, an unknown file is named, not kept', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    await send({
      from: 'marta@example.es', subject: 'Broken lid photo', text: 'Here it is.', messageId: '<photo@example.es>',
      attachments: [
        { filename: 'lid.png', content: png, contentType: 'image/png' },
        { filename: 'tool.bin', content: Buffer.from('MZ\u0090\u0000 not really a program'), contentType: 'application/octet-stream' },
      ],
    });
    const photoCase = await eventually(async () => {
      for (const c of await casesOfChannel()) { const full = await caseOf(c.id); if (full.messages[0].text.startsWith('Here it is.')) return full; }
      return null;
    });
    const [message] = photoCase.messages;
    expect(message.text).toMatch(/^Here it is\.\n\n\[Attachment "tool\.bin" was not kept: .+\]$/);
    expect(message.attachments).toEqual([expect.objectContaining({ mime: 'image/png', name: 'lid.png', size: png.length, url: expect.stringMatching(/^\/api\/v1\/attachments\//) })]);
    const download = await h.api(message.attachments[0].url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(`${h.parley.url}${message.attachments[0].url}`)).status).toBe(401);
  });

  it('a redelivered mail is stored once; a new subject from the same customer is a new case', async () => {
    const before = (await casesOfChannel()).length;
    await send({ subject: 'Invoice copy', text: 'Please send me the invoice.', messageId: '<invoice-1@example.net>' });
    await send({ subject: 'Invoice copy', text: 'Please send me the invoice.', messageId: '<invoice-1@example.net>' });
    const items = await eventually(async () => { const all = await casesOfChannel(); return all.length === before + 1 ? all : null; });
    const invoice = await caseOf(items[0].id);
    await new Promise((r) => setTimeout(r, 500));
    expect((await caseOf(invoice.id)).messages).toHaveLength(1);
    expect(await casesOfChannel()).toHaveLength(before + 1);
  });

  it('auto-replies open no case, and a mailbox Parley does not serve is refused at RCPT TO', async () => {
    const before = (await casesOfChannel()).length;
    await send({ subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ subject: 'Newsletter', text: 'Our deals', headers: { 'List-Id': '<deals.example.net>', Precedence: 'bulk' } });
    await expect(customer.sendMail({ from: 'lucia@example.net', to: 'sales@cafe-aroma.test', subject: 'hi', text: 'hi' }))
      .rejects.toMatchObject({ responseCode: 550 });
    // A person's mail after them is stored, so the automatic ones before it were handled (and dropped).
    await send({ subject: 'Real question', text: 'Do you ship to Portugal?', from: 'joao@example.pt' });
    await eventually(async () => (await casesOfChannel()).length === before + 1);
    const texts = await Promise.all((await casesOfChannel()).map(async (c) => (await caseOf(c.id)).messages[0].text));
    expect(texts).not.toContain('I am away until Monday.');
    expect(texts).not.toContain('Our deals');
  });

  it('a refused recipient fails the reply with the server\'s reason; a bounce fails the reply it reports', async () => {
    await send({ from: 'nobody@example.net', subject: 'Typo address', text: 'hello', messageId: '<typo@example.net>' });
    const typo = await eventually(async () => {
      for (const c of await casesOfChannel()) if ((await caseOf(c.id)).messages[0].text === 'hello') return c;
      return null;
    });
    await h.api(`/api/v1/cases/${typo.id}/messages`, { method: 'POST', json: { text: 'Hi!' } });
    const refused = await eventually(async () => {
      const m = (await caseOf(typo.id)).messages.find((x: { direction: string }) => x.direction === 'out');
      return m?.deliveryStatus === 'failed' ? m : null;
    }, 20_000);
    expect(refused.deliveryError).toMatch(/550.*User unknown/);

    // A reply that left, then bounced at the customer's side: the DSN names its Message-ID.
    await send({ from: 'ana@example.org', subject: 'Gift wrap?', text: 'Can you gift-wrap?', messageId: '<gift@example.org>' });
    const gift = await eventually(async () => {
      for (const c of await casesOfChannel()) if ((await caseOf(c.id)).messages[0].text === 'Can you gift-wrap?') return c;
      return null;
    });
    const sent = sink.received.length;
    await h.api(`/api/v1/cases/${gift.id}/messages`, { method: 'POST', json: { text: 'Yes, for free.' } });
    const [, ...rest] = await sink.waitFor(sent + 1, 20_000);
    const outId = rest.at(-1)!.messageId!;
    await eventually(async () => (await caseOf(gift.id)).messages.find((x: { direction: string }) => x.direction === 'out')?.deliveryStatus === 'sent');
    const dsn = [
      'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
      'Status: 5.2.2',
      '',
      `Message-ID: ${outId}`,
      'Subject: Re: Gift wrap?',
    ].join('\n');
    await customer.sendMail({
      from: 'MAILER-DAEMON@example.org', to: MAILBOX, subject: 'Undelivered Mail Returned to Sender',
      text: `This is the mail system at host example.org.\n\n${dsn}`,
    });
    const bounced = await eventually(async () => {
      const m = (await caseOf(gift.id)).messages.find((x: { direction: string }) => x.direction === 'out');
      return m?.deliveryStatus === 'failed' ? m : null;
    }, 20_000);
    expect(bounced.deliveryError).toBe('Bounced: 552 5.2.2 Mailbox full');
    expect((await caseOf(gift.id)).messages).toHaveLength(2);
  });
});
