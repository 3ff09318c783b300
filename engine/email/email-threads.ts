// Which thread a mail answers, and what a reply must carry to stay in it. A mail joins a thread by
// In-Reply-To / References (any Message-ID Parley stored in the channel, in or out), else by the
// plus-address token it was sent to; otherwise it starts a thread named by its own Message-ID.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { accounts, cases, inboundEvents, messages } from '../db/schema';
import { emailThreads } from '../db/schema-email';
import type { MailFacts } from '../../connectors/email/read-mail';
import type { EmailThreadContext } from '../../connectors/email';
import { tokenOf } from '../../connectors/email/reply-address';

/** How many earlier Message-IDs a reply's References lists (the first and the latest ones). */
const MAX_REFERENCES = 20;

export function resolveThread(db: Db, channel: { id: string; address: string }, mail: MailFacts): string {
  const candidates = [mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => Boolean(id));
  for (const id of candidates) {
    const row = db.select({ threadId: cases.threadId }).from(messages).innerJoin(cases, eq(cases.id, messages.caseId))
      .where(and(eq(messages.channelId, channel.id), eq(messages.providerMessageId, id))).get();
    if (row) return row.threadId;
  }
  for (const recipient of mail.recipients) {
    const token = tokenOf(channel.address, recipient);
    if (!token) continue;
    const row = db.select({ threadId: emailThreads.threadId }).from(emailThreads)
      .where(and(eq(emailThreads.channelId, channel.id), eq(emailThreads.replyToken, token))).get();
    if (row) return row.threadId;
  }
  return mail.messageId;
}

/** Records a new thread's subject and reply token (once; later mails keep the first subject). */
export function rememberThread(db: Db, channelId: string, threadId: string, subject: string, now = Date.now()): void {
  db.insert(emailThreads).values({ channelId, threadId, subject, replyToken: randomBytes(12).toString('hex'), createdAt: now })
    .onConflictDoNothing().run();
}

/**
 * The subject, In-Reply-To, References and reply token of a reply in the case's thread. A case whose
 * thread Parley has no mail of (a rule writing to a contact first) gets the account's name instead,
 * for the subject the connector makes up (connectors/email/send.ts subjectOf).
 */
export function emailReplyContext(db: Db, caseId: string): EmailThreadContext {
  const theCase = db.select({ channelId: cases.channelId, threadId: cases.threadId, accountId: cases.accountId }).from(cases).where(eq(cases.id, caseId)).get();
  if (!theCase) return {};
  const thread = db.select().from(emailThreads)
    .where(and(eq(emailThreads.channelId, theCase.channelId), eq(emailThreads.threadId, theCase.threadId))).get();
  // Every stored Message-ID of the thread, across its cases (a closed case's follow-up is the same conversation).
  const mails = db.select({ id: messages.providerMessageId, direction: messages.direction }).from(messages)
    .innerJoin(cases, eq(cases.id, messages.caseId))
    .where(and(eq(cases.channelId, theCase.channelId), eq(cases.threadId, theCase.threadId)))
    .orderBy(messages.occurredAt, messages.id).all()
    .filter((m): m is { id: string; direction: 'in' | 'out' } => typeof m.id === 'string' && m.id.startsWith('<'));
  const ids = [...new Set(mails.map((m) => m.id))];
  const references = ids.length > MAX_REFERENCES ? [ids[0], ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  const lastIn = mails.filter((m) => m.direction === 'in').at(-1)?.id ?? (theCase.threadId.startsWith('<') ? theCase.threadId : undefined);
  const senderName = thread ? undefined : db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, theCase.accountId)).get()?.name;
  return {
    ...(thread ? { subject: thread.subject, replyToken: thread.replyToken } : {}),
    ...(senderName ? { senderName } : {}),
    ...(lastIn ? { inReplyTo: lastIn } : {}),
    ...(references.length ? { references } : {}),
  };
}

/** Whether the channel already took the event (a redelivered mail). */
export function alreadyReceived(db: Db, channelId: string, eventId: string): boolean {
  return db.select({ id: inboundEvents.id }).from(inboundEvents)
    .where(and(eq(inboundEvents.channelId, channelId), eq(inboundEvents.eventId, eventId))).get() !== undefined;
}
