// One IMAP reader per enabled email channel that names an IMAP mailbox, kept in step with the
// channels table (a channel created, changed, disabled or deleted is picked up within `syncMs`).
import { and, eq } from 'drizzle-orm';
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { channels } from '../db/schema';
import type { EmailConfig } from '../../connectors/email';
import { ImapMailboxReader } from './imap-reader';
import type { ReceiveOutcome, Ingest } from './receive-mail';
import type { Mailbox } from './email-mailboxes';

export interface ImapReadersOptions {
  db: Db;
  channels: ChannelStore;
  ingest: Ingest;
  pollMs?: number;
  syncMs?: number;
  log?: (msg: string) => void;
  onReceived?: (outcome: ReceiveOutcome, mailbox: Mailbox) => void;
}

export class ImapReaders {
  private readers = new Map<string, { reader: ImapMailboxReader; version: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly opts: ImapReadersOptions) {}

  start(): void {
    void this.sync().finally(() => this.schedule());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.readers.values()].map((r) => r.reader.stop()));
    this.readers.clear();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.sync().finally(() => this.schedule()), this.opts.syncMs ?? 30_000);
  }

  /** Starts readers for new mailboxes, restarts changed ones, stops removed ones. */
  async sync(): Promise<void> {
    const rows = this.opts.db.select({ id: channels.id, updatedAt: channels.updatedAt }).from(channels)
      .where(and(eq(channels.type, 'email'), eq(channels.enabled, true))).all();
    const wanted = new Map<string, number>();
    for (const row of rows) {
      const ctx = this.opts.channels.context(row.id);
      const config = ctx?.ctx.config as EmailConfig | undefined;
      if (!ctx || !config?.imapHost) continue;
      wanted.set(row.id, row.updatedAt);
      const running = this.readers.get(row.id);
      if (running && running.version === row.updatedAt) continue;
      if (running) await running.reader.stop();
      const reader = new ImapMailboxReader({
        db: this.opts.db, ingest: this.opts.ingest, config, pollMs: this.opts.pollMs ?? 60_000, log: this.opts.log ?? (() => {}),
        mailbox: { channelId: row.id, accountId: ctx.row.accountId, address: config.address },
        ...(this.opts.onReceived ? { onReceived: this.opts.onReceived } : {}),
      });
      this.readers.set(row.id, { reader, version: row.updatedAt });
      reader.start();
    }
    for (const [id, running] of this.readers) {
      if (wanted.has(id)) continue;
      this.readers.delete(id);
      await running.reader.stop();
    }
  }
}
