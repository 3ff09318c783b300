// A real IMAP server on 127.0.0.1 (`hoodiecrow-imap`, the scriptable test server from the imapflow
// family) holding one user's INBOX. `deliver` appends a mail as a mail server would; connected
// clients in IDLE are told at once. `withoutIdle` plays a server that lacks IDLE.
import type { AddressInfo, Server } from 'node:net';
// @ts-expect-error hoodiecrow-imap ships no types
import hoodiecrow from 'hoodiecrow-imap';

export interface ImapMailbox {
  host: string;
  port: number;
  user: string;
  password: string;
  deliver(raw: string): void;
  /** How many clients are connected now. */
  connections(): number;
  close(): Promise<void>;
}

interface HoodiecrowServer {
  server: Server;
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
  appendMessage(mailbox: string, flags: string[], date: Date, raw: string): void;
}

export async function startImapMailbox(opts: { messages?: string[]; withoutIdle?: boolean } = {}): Promise<ImapMailbox> {
  const user = 'support@cafe-aroma.test';
  const password = 'imap-secret';
  const server: HoodiecrowServer = hoodiecrow({
    plugins: [...(opts.withoutIdle ? [] : ['IDLE']), 'UIDPLUS', 'ENABLE', 'LITERALPLUS'],
    storage: { INBOX: { messages: (opts.messages ?? []).map((raw) => ({ raw, flags: [] })) }, '': {} },
    users: { [user]: { password } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1', port: (server.server.address() as AddressInfo).port, user, password,
    deliver: (raw) => server.appendMessage('INBOX', [], new Date(), raw),
    connections: () => (server.server as unknown as { _connections: number })._connections,
    close: () => new Promise<void>((resolve) => { server.server.unref(); server.close(() => resolve()); setTimeout(resolve, 500); }),
  };
}

/** A minimal RFC 5322 mail. */
export function mail(opts: { from: string; subject: string; text: string; messageId: string; inReplyTo?: string }): string {
  return [
    `From: ${opts.from}`, 'To: support@cafe-aroma.test', `Subject: ${opts.subject}`, `Message-ID: ${opts.messageId}`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`] : []),
    'Date: Fri, 27 Nov 2026 09:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', opts.text, '',
  ].join('\r\n');
}
