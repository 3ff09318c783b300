// A real SMTP server on 127.0.0.1 (the `smtp-server` package) that accepts mail, parses it with
// `mailparser` and keeps it for assertions. No TLS; login optional (required when `users` is set).
// It can answer the first N messages with a temporary 451 to exercise retries.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Arrivals } from './arrivals';

export interface ReceivedMail {
  /** The SMTP envelope (what the client said in MAIL FROM / RCPT TO). */
  envelope: { from: string | null; to: string[] };
  /** The logged-in user, when the client authenticated. */
  user: string | null;
  parsed: ParsedMail;
  subject: string;
  text: string;
  messageId: string | null;
  to: string[];
  from: string | null;
}

export interface SmtpSinkOptions {
  /** user → password. When set, clients must log in with one of them. */
  users?: Record<string, string>;
  /** Answer the first N messages with 451 (a temporary failure). */
  failFirst?: number;
  /** Refuse every message to these recipients with 550 (a permanent failure: no such user). */
  refuseRecipients?: string[];
}

export interface SmtpSink {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** Resolves once `n` messages have arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const addressesOf = (field: ParsedMail['to']): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((a) => a.address ?? '')).filter(Boolean);

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const arrivals = new Arrivals<ReceivedMail>('SMTP sink');
  const { received } = arrivals;
  let attempts = 0;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !options.users,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.users?.[auth.username ?? ''];
      if (expected !== undefined && expected === auth.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipients?.includes(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      attempts += 1;
      const fail = attempts <= (options.failFirst ?? 0);
      simpleParser(stream)
        .then((parsed) => {
          if (fail) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          arrivals.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            user: typeof session.user === 'string' ? session.user : null,
            parsed,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            messageId: parsed.messageId ?? null,
            to: addressesOf(parsed.to),
            from: parsed.from?.value[0]?.address ?? null,
          });
          callback();
        })
        .catch((err) => callback(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    received,
    waitFor: (n, timeoutMs) => arrivals.waitFor(n, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
