// One mail into the inbox: a person's mail becomes a message in its thread's case (the Message-ID
// de-duplicates a redelivery), an auto-reply is dropped so it opens no case and triggers no answer,
// and a bounce of Parley's own reply marks that reply failed with the server's diagnostic.
import type { InboundEvent } from '../../connectors/connector';
import type { MailFacts } from '../../connectors/email/read-mail';
import type { Db } from '../db/open-database';
import type { IngestChannel, IngestResult } from '../ingest/ingest-events';
import { alreadyReceived, rememberThread, resolveThread } from './email-threads';
import { keepMailFiles, linkToMessage } from './mail-files';
import type { Mailbox } from './email-mailboxes';

export type ReceiveOutcome =
  | { outcome: 'stored'; caseId: string; messageId: string }
  | { outcome: 'duplicate' }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'bounce'; originalMessageId?: string; diagnostic: string };

export type Ingest = (channel: IngestChannel, events: InboundEvent[]) => IngestResult;

/** The largest attachment kept from a mail (the whole mail is already limited by the SMTP endpoint). */
export const MAIL_FILE_MAX_BYTES = 25 * 1024 * 1024;

export function receiveMail(db: Db, ingest: Ingest, mailbox: Mailbox, mail: MailFacts, maxFileBytes = MAIL_FILE_MAX_BYTES): ReceiveOutcome {
  const channel: IngestChannel = { id: mailbox.channelId, accountId: mailbox.accountId, type: 'email' };
  if (mail.kind.kind === 'bounce') {
    const bounce = mail.bounce ?? { diagnostic: mail.kind.reason };
    if (bounce.originalMessageId) {
      ingest(channel, [{
        kind: 'receipt', eventId: `email:${mail.messageId}`, providerMessageId: bounce.originalMessageId,
        status: 'failed', reason: `Bounced: ${bounce.diagnostic}`, occurredAt: mail.occurredAt,
      }]);
    }
    return { outcome: 'bounce', ...bounce };
  }
  if (mail.kind.kind === 'auto_reply') return { outcome: 'skipped', reason: `An automatic mail (${mail.kind.reason}) opens no case.` };
  if (!mail.from) return { outcome: 'skipped', reason: 'The mail has no sender address.' };
  if (mail.from.address === mailbox.address) return { outcome: 'skipped', reason: 'The mail comes from the mailbox itself (a loop).' };

  const eventId = `email:${mail.messageId}`;
  // A redelivered mail is recognised before its files are stored a second time.
  if (alreadyReceived(db, mailbox.channelId, eventId)) return { outcome: 'duplicate' };
  const threadId = resolveThread(db, { id: mailbox.channelId, address: mailbox.address }, mail);
  const files = keepMailFiles(db, mailbox, mail.from.address, mail.files.filter((f) => !f.inline), maxFileBytes);
  const text = [mail.text || (files.attachments.length ? '' : mail.subject), ...files.notKept].filter(Boolean).join('\n\n');
  rememberThread(db, mailbox.channelId, threadId, mail.subject, mail.occurredAt); // idempotent: a redelivery changes nothing
  const result = ingest(channel, [{
    kind: 'message', eventId, providerMessageId: mail.messageId, threadId,
    sender: { externalId: mail.from.address, ...(mail.from.name ? { name: mail.from.name } : {}) },
    text, attachments: files.attachments, occurredAt: mail.occurredAt,
    raw: { subject: mail.subject, messageId: mail.messageId },
  }]);
  if (result.duplicates > 0 || !result.caseIds[0]) return { outcome: 'duplicate' };
  linkToMessage(db, files.fileIds, result.messageIds[0]);
  return { outcome: 'stored', caseId: result.caseIds[0], messageId: result.messageIds[0] };
}
