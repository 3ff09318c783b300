// Reads one email channel's IMAP mailbox (imapflow): on connect it takes every mail after the last
// UID it took (so a restart neither loses nor repeats mail), then waits in IDLE — imapflow polls
// with STATUS where the server has no IDLE — and takes new mail as the server announces it, with a
// periodic re-check (`pollMs`) in case an announcement is missed. The mailbox is only read, never changed.
// A dropped connection reconnects with backoff.
import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { EmailConfig } from '../../connectors/email';
import { readMail } from '../../connectors/email/read-mail';
import type { Db } from '../db/open-database';
import type { Mailbox } from './email-mailboxes';
import { lastUidTaken, recordUidTaken } from './mailbox-state';
import { receiveMail, type Ingest, type ReceiveOutcome } from './receive-mail';

export interface ImapReaderOptions {
  db: Db;
  ingest: Ingest;
  mailbox: Mailbox;
  config: EmailConfig;
  /** Re-check for new mail this often even without an announcement (ms). */
  pollMs: number;
  log: (msg: string) => void;
  onReceived?: (outcome: ReceiveOutcome, mailbox: Mailbox) => void;
}

const MAX_BACKOFF_MS = 60_000;

export class ImapMailboxReader {
  private client: ImapFlow | null = null;
  private stopped = false;
  private backoffMs = 1_000;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Serialises takes: an announcement during a take schedules one more. */
  private taking: Promise<void> = Promise.resolve();
  private again = false;

  constructor(private readonly opts: ImapReaderOptions) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.taking.catch(() => {});
    const client = this.client;
    this.client = null;
    if (client) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { config, mailbox, log } = this.opts;
    const client = new ImapFlow({
      host: config.imapHost!, port: config.imapPort, secure: config.imapSecure,
      ...(config.imapIgnoreTls ? { doSTARTTLS: false } : {}),
      auth: { user: config.imapUser!, pass: config.imapPassword! },
      logger: false, missingIdleCommand: 'STATUS', maxIdleTime: this.opts.pollMs,
    });
    this.client = client;
    client.on('error', (err: Error) => log(`email: IMAP ${mailbox.address}: ${err.message}`));
    client.on('close', () => this.reconnectLater(client));
    client.on('exists', () => this.take());
    try {
      await client.connect();
      await client.mailboxOpen(config.imapMailbox, { readOnly: true });
      this.backoffMs = 1_000;
      await this.take();
      this.schedulePoll();
    } catch (err) {
      log(`email: IMAP ${mailbox.address}: could not read ${config.imapMailbox}: ${(err as Error).message}`);
      client.close();
    }
  }

  private reconnectLater(client: ImapFlow): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => void this.connect(), wait);
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => { void this.take().finally(() => this.schedulePoll()); }, this.opts.pollMs);
  }

  /** Takes every mail after the last UID taken, in UID order, recording each one as it is stored. */
  private take(): Promise<void> {
    if (this.again) return this.taking;
    this.again = true;
    this.taking = this.taking.then(async () => {
      this.again = false;
      const client = this.client;
      if (!client || this.stopped || !client.mailbox) return;
      const { db, ingest, mailbox } = this.opts;
      const uidValidity = String(client.mailbox.uidValidity);
      const after = lastUidTaken(db, mailbox.channelId, uidValidity);
      // `n:*` always returns the newest message even when its UID is below n: filter by UID.
      for await (const message of client.fetch(`${after + 1}:*`, { uid: true, source: true }, { uid: true })) {
        if (message.uid <= after || !message.source) continue;
        const parsed = await simpleParser(message.source);
        const facts = readMail(parsed, createHash('sha256').update(message.source).digest('hex').slice(0, 32), Date.now());
        const outcome = receiveMail(db, ingest, mailbox, facts);
        recordUidTaken(db, mailbox.channelId, uidValidity, message.uid);
        this.opts.onReceived?.(outcome, mailbox);
      }
      // Back to IDLE at once (imapflow's own IDLE starts only after 15 s of quiet); the next
      // command — a take — ends it.
      if (!this.stopped) void client.idle().catch(() => {});
    }).catch((err: Error) => this.opts.log(`email: IMAP ${this.opts.mailbox.address}: ${err.message}`));
    return this.taking;
  }
}
