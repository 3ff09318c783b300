// Reading an IMAP mailbox (imapflow against a real IMAP server on 127.0.0.1): mail already in the
// mailbox when the channel is created opens cases; new mail arrives through IDLE; mail that arrived
// while Parley was stopped is taken after the restart, and nothing is taken twice. A server without
// IDLE is polled.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mail, startImapMailbox, type ImapMailbox } from '../fakes/imap-mailbox';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

// A minute between polls: mail seen within seconds came through IDLE. After the restart, polls are quick.
const IDLE_ONLY = { PARLEY_EMAIL_CHANNEL_SYNC_MS: '300', PARLEY_IMAP_POLL_SECONDS: '60' };
const QUICK_POLLS = { PARLEY_EMAIL_CHANNEL_SYNC_MS: '300', PARLEY_IMAP_POLL_SECONDS: '1' };

describe('email channel reading an IMAP mailbox', () => {
  let h: Harness;
  let imap: ImapMailbox;
  let sink: SmtpSink;
  let channelId = '';

  const texts = async () => {
    const items = (await (await h.api(`/api/v1/cases?channelId=${channelId}&limit=100`)).json()).items as { id: string }[];
    const all: string[] = [];
    for (const c of items) for (const m of (await (await h.api(`/api/v1/cases/${c.id}`)).json()).messages) all.push(m.text);
    return all.sort();
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    imap = await startImapMailbox({ messages: [mail({ from: 'lucia@example.net', subject: 'Opening hours', text: 'Are you open on Sunday?', messageId: '<hours@example.net>' })] });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: IDLE_ONLY });
  });
  afterAll(async () => {
    await h?.stop();
    await imap?.close();
    await sink?.close();
  });

  it('takes the mail already there, then new mail as IDLE announces it', async () => {
    const created = await h.api('/api/v1/channels', {
      method: 'POST',
      json: {
        type: 'email', name: 'Support (IMAP)',
        config: { address: 'support@cafe-aroma.test', smtpHost: sink.host, smtpPort: sink.port, smtpIgnoreTls: true,
          imapHost: imap.host, imapPort: imap.port, imapSecure: false, imapIgnoreTls: true, imapUser: imap.user, imapPassword: imap.password },
      },
    });
    expect(created.status).toBe(201);
    const channel = await created.json();
    channelId = channel.id;
    expect(channel.config.imapPassword).toBe('••••••••');
    await eventually(async () => (await texts()).includes('Are you open on Sunday?'), 20_000);

    imap.deliver(mail({ from: 'joao@example.pt', subject: 'Beans', text: 'Do you sell green beans?', messageId: '<beans@example.pt>' }));
    await eventually(async () => (await texts()).length === 2, 10_000);
    expect(await texts()).toEqual(['Are you open on Sunday?', 'Do you sell green beans?']);
  });

  it('after a restart, takes what arrived meanwhile and nothing twice', async () => {
    const dataDir = h.dataDir;
    await h.stop({ keepData: true });
    imap.deliver(mail({ from: 'ana@example.org', subject: 'Gift', text: 'Gift wrapping?', messageId: '<gift@example.org>' }));
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: QUICK_POLLS, dataDir });
    await eventually(async () => (await texts()).length === 3, 20_000);
    await new Promise((r) => setTimeout(r, 1_500)); // a poll or two later, still three
    expect(await texts()).toEqual(['Are you open on Sunday?', 'Do you sell green beans?', 'Gift wrapping?']);
  });

  it('polls a server that has no IDLE', async () => {
    const plain = await startImapMailbox({ withoutIdle: true });
    try {
      const created = await h.api('/api/v1/channels', {
        method: 'POST',
        json: {
          type: 'email', name: 'Sales (IMAP, no IDLE)',
          config: { address: 'sales@cafe-aroma.test', smtpHost: sink.host, smtpPort: sink.port, smtpIgnoreTls: true,
            imapHost: plain.host, imapPort: plain.port, imapSecure: false, imapIgnoreTls: true, imapUser: plain.user, imapPassword: plain.password },
        },
      });
      const salesId = (await created.json()).id;
      await new Promise((r) => setTimeout(r, 1_000));
      plain.deliver(mail({ from: 'buyer@example.com', subject: 'Wholesale', text: 'Wholesale prices please', messageId: '<wholesale@example.com>' }));
      const items = await eventually(async () => {
        const list = (await (await h.api(`/api/v1/cases?channelId=${salesId}`)).json()).items;
        return list.length ? list : null;
      }, 20_000);
      expect((await (await h.api(`/api/v1/cases/${items[0].id}`)).json()).messages[0].text).toBe('Wholesale prices please');
    } finally {
      await plain.close();
    }
  });
});
