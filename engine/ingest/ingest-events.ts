// The durable half of the ingest path: one synchronous SQLite transaction per webhook that
// de-duplicates provider events, upserts the contact, finds or opens the case, stores the message
// and enqueues a dispatch record for the case workflow. Once it commits, the webhook is acknowledged.
import { and, desc, eq, ne, or } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import type { Db } from '../db/open-database';
import { attachments, cases, contactIdentities, contacts, dispatchQueue, inboundEvents, messages } from '../db/schema';
import { newId } from '../ids';

export interface IngestChannel {
  id: string;
  accountId: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** Cases that received a message, in order. */
  caseIds: string[];
  messageIds: string[];
}

type MessageEvent = Extract<InboundEvent, { kind: 'message' | 'postback' }>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const DELIVERY_RANK = { received: 0, queued: 0, sent: 1, delivered: 2, read: 3, failed: 1 } as const;

export function ingestEvents(db: Db, channel: IngestChannel, events: InboundEvent[], now = Date.now()): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, caseIds: [], messageIds: [] };
  db.transaction((tx) => {
    for (const event of events) {
      const claimed = tx
        .insert(inboundEvents)
        .values({ accountId: channel.accountId, channelId: channel.id, eventId: event.eventId, kind: event.kind, receivedAt: now })
        .onConflictDoNothing()
        .returning({ id: inboundEvents.id })
        .get();
      if (!claimed) {
        result.duplicates++;
        continue;
      }
      result.accepted++;
      if (event.kind === 'receipt') {
        applyReceipt(tx, channel, event, now);
        continue;
      }
      const { caseId, messageId } = storeMessage(tx, channel, event, now);
      tx.update(inboundEvents).set({ caseId, messageId }).where(eq(inboundEvents.id, claimed.id)).run();
      result.caseIds.push(caseId);
      result.messageIds.push(messageId);
    }
  });
  return result;
}

function findOrCreateContact(tx: Tx, channel: IngestChannel, sender: MessageEvent['sender'], now: number): string {
  const identity = tx
    .select({ contactId: contactIdentities.contactId, name: contactIdentities.name })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.externalId, sender.externalId)))
    .get();
  if (identity) {
    if (sender.name && sender.name !== identity.name) {
      tx.update(contactIdentities).set({ name: sender.name })
        .where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.externalId, sender.externalId))).run();
    }
    return identity.contactId;
  }
  const contactId = newId('ct', now);
  tx.insert(contacts).values({ id: contactId, accountId: channel.accountId, name: sender.name ?? null, createdAt: now, updatedAt: now }).run();
  tx.insert(contactIdentities).values({
    id: newId('ci', now), accountId: channel.accountId, contactId, channelId: channel.id,
    externalId: sender.externalId, name: sender.name ?? null, createdAt: now,
  }).run();
  return contactId;
}

/** The open case for this contact and thread; a closed case is final, so a new one is opened. */
export function findOrOpenCase(tx: Tx, channel: IngestChannel, contactId: string, threadId: string, now: number): string {
  const open = tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.channelId, channel.id), eq(cases.contactId, contactId), eq(cases.threadId, threadId), ne(cases.status, 'closed')))
    .orderBy(desc(cases.id))
    .get();
  if (open) return open.id;
  const caseId = newId('case', now);
  tx.insert(cases).values({
    id: caseId, accountId: channel.accountId, channelId: channel.id, contactId, threadId,
    status: 'new', createdAt: now, updatedAt: now, statusUpdatedAt: now,
  }).run();
  return caseId;
}

function storeMessage(tx: Tx, channel: IngestChannel, event: MessageEvent, now: number) {
  const contactId = findOrCreateContact(tx, channel, event.sender, now);
  const caseId = findOrOpenCase(tx, channel, contactId, event.threadId, now);
  const messageId = newId('msg', now);
  const text = event.text ?? '';
  // Stored in the content-message shape every message uses; a postback keeps the option chosen.
  const content = {
    content: { type: 'text', text, format: 'plain' },
    ...(event.kind === 'postback' ? { postback: { payload: event.payload } } : {}),
  };
  tx.insert(messages).values({
    id: messageId, accountId: channel.accountId, caseId, channelId: channel.id, direction: 'in', authorType: 'customer',
    content, fallbackText: text, providerMessageId: event.providerMessageId, deliveryStatus: 'received',
    occurredAt: event.occurredAt, createdAt: now, updatedAt: now,
  }).run();
  if (event.kind === 'message') {
    for (const a of event.attachments) {
      tx.insert(attachments).values({
        id: newId('att', now), accountId: channel.accountId, messageId, url: a.url ?? null, mime: a.mime, name: a.name ?? null, size: a.size ?? null,
      }).run();
    }
  }
  tx.update(cases).set({ updatedAt: now, preview: text.slice(0, 200) }).where(eq(cases.id, caseId)).run();
  tx.insert(dispatchQueue).values({
    accountId: channel.accountId, caseId, kind: 'inbound', payload: { messageId, at: event.occurredAt }, availableAt: now, createdAt: now,
  }).run();
  return { caseId, messageId };
}

function applyReceipt(tx: Tx, channel: IngestChannel, event: Extract<InboundEvent, { kind: 'receipt' }>, now: number) {
  const match = [event.messageId && eq(messages.id, event.messageId), event.providerMessageId && eq(messages.providerMessageId, event.providerMessageId)]
    .filter((c): c is NonNullable<typeof c> & object => Boolean(c));
  if (match.length === 0) return;
  const target = tx.select({ id: messages.id, deliveryStatus: messages.deliveryStatus }).from(messages)
    .where(and(eq(messages.channelId, channel.id), eq(messages.direction, 'out'), or(...match))).get();
  if (!target) return;
  // Receipts can arrive out of order: never move a message back (read → delivered).
  if (event.status !== 'failed' && DELIVERY_RANK[event.status] <= DELIVERY_RANK[target.deliveryStatus]) return;
  tx.update(messages)
    .set({ deliveryStatus: event.status, deliveryError: event.status === 'failed' ? (event.reason ?? 'reported failed by the channel') : null, updatedAt: now })
    .where(eq(messages.id, target.id)).run();
}
