// Parley's own SMTP endpoint (smtp-server): the business points its MX or a forwarding rule at it.
// A recipient that is no email channel's mailbox is refused at RCPT TO (550), so nothing is stored
// for it; accepted mail is parsed (mailparser) and goes to its thread's case. A mail Parley cannot
// store is answered 451 so the sending server retries it later instead of losing it.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { readMail } from '../../connectors/email/read-mail';
import type { Db } from '../db/open-database';
import { mailboxFor, type Mailbox } from './email-mailboxes';
import { receiveMail, type Ingest, type ReceiveOutcome } from './receive-mail';

export interface SmtpEndpointOptions {
  db: Db;
  ingest: Ingest;
  port: number;
  host: string;
  /** The largest mail accepted (bytes); bigger ones are refused with 552 before their data is read. */
  maxBytes: number;
  log?: (msg: string) => void;
  /** Told about every mail handled (tests, logs). */
  onReceived?: (outcome: ReceiveOutcome, mailbox: Mailbox) => void;
}

export interface SmtpEndpoint {
  port: number;
  stop(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

export async function startSmtpEndpoint(opts: SmtpEndpointOptions): Promise<SmtpEndpoint> {
  const log = opts.log ?? (() => {});
  const server = new SMTPServer({
    // Inbound MX traffic is unauthenticated; TLS termination belongs to a relay in front when wanted.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: opts.maxBytes,
    banner: 'Parley inbound mail',
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!mailboxFor(opts.db, address.address)) return callback(smtpError(`No mailbox ${address.address} here.`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError(`The mail is larger than ${opts.maxBytes} bytes.`, 552));
        const raw = Buffer.concat(chunks);
        void (async () => {
          const parsed = await simpleParser(raw);
          const facts = readMail(parsed, createHash('sha256').update(raw).digest('hex').slice(0, 32), Date.now());
          // One mailbox per envelope recipient (a mail to two Parley mailboxes lands in both).
          const boxes = new Map<string, Mailbox>();
          for (const rcpt of session.envelope.rcptTo) {
            const box = mailboxFor(opts.db, rcpt.address);
            if (box) boxes.set(box.channelId, box);
          }
          for (const box of boxes.values()) {
            const outcome = receiveMail(opts.db, opts.ingest, box, { ...facts, recipients: [...new Set([...facts.recipients, ...session.envelope.rcptTo.map((r) => r.address.toLowerCase())])] });
            if (outcome.outcome === 'skipped') log(`email: ${facts.messageId} to ${box.address} skipped: ${outcome.reason}`);
            opts.onReceived?.(outcome, box);
          }
          callback();
        })().catch((err: Error) => {
          log(`email: could not store a mail: ${err.message}`);
          callback(smtpError('Temporary failure storing the mail; try again later.', 451));
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  server.on('error', (err) => log(`email: SMTP endpoint error: ${err.message}`));
  const port = (server.server.address() as AddressInfo).port;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
