// Prepared statements for the ingest transaction. The webhook path runs them thousands of times a
// second; building drizzle queries and preparing SQLite statements per call cost more than the
// writes themselves, so they are prepared once per database handle.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { attachments, cases, contactIdentities, contacts, dispatchQueue, inboundEvents, messages } from '../db/schema';

const p = sql.placeholder;

function prepare(db: Db) {
  return {
    claimEvent: db.insert(inboundEvents)
      .values({ accountId: p('accountId'), channelId: p('channelId'), eventId: p('eventId'), kind: p('kind'), receivedAt: p('now') })
      .onConflictDoNothing().returning({ id: inboundEvents.id }).prepare(),
    linkEvent: db.update(inboundEvents).set({ caseId: sql`${p('caseId')}`, messageId: sql`${p('messageId')}` })
      .where(eq(inboundEvents.id, p('id'))).prepare(),
    findIdentity: db.select({ contactId: contactIdentities.contactId, name: contactIdentities.name }).from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, p('channelId')), eq(contactIdentities.externalId, p('externalId')))).prepare(),
    renameIdentity: db.update(contactIdentities).set({ name: sql`${p('name')}` })
      .where(and(eq(contactIdentities.channelId, p('channelId')), eq(contactIdentities.externalId, p('externalId')))).prepare(),
    insertContact: db.insert(contacts)
      .values({ id: p('id'), accountId: p('accountId'), name: p('name'), language: p('language'), createdAt: p('now'), updatedAt: p('now') }).prepare(),
    /** The provider's profile language fills a contact's unknown language; one an agent set is kept. */
    fillContactLanguage: db.update(contacts).set({ language: sql`${p('language')}`, updatedAt: sql`${p('now')}` })
      .where(and(eq(contacts.id, p('contactId')), sql`${contacts.language} IS NULL`)).prepare(),
    insertIdentity: db.insert(contactIdentities)
      .values({ id: p('id'), accountId: p('accountId'), contactId: p('contactId'), channelId: p('channelId'), externalId: p('externalId'), name: p('name'), createdAt: p('now') })
      .prepare(),
    findOpenCase: db.select({ id: cases.id }).from(cases)
      .where(and(eq(cases.channelId, p('channelId')), eq(cases.contactId, p('contactId')), eq(cases.threadId, p('threadId')), ne(cases.status, 'closed')))
      .orderBy(desc(cases.id)).limit(1).prepare(),
    insertCase: db.insert(cases)
      .values({ id: p('id'), accountId: p('accountId'), channelId: p('channelId'), contactId: p('contactId'), threadId: p('threadId'), status: 'new', createdAt: p('now'), updatedAt: p('now'), statusUpdatedAt: p('now'), lastActivityAt: p('now') })
      .prepare(),
    insertMessage: db.insert(messages)
      .values({
        id: p('id'), accountId: p('accountId'), caseId: p('caseId'), channelId: p('channelId'), direction: 'in', authorType: 'customer',
        content: p('content'), fallbackText: p('text'), providerMessageId: p('providerMessageId'), deliveryStatus: 'received',
        occurredAt: p('occurredAt'), createdAt: p('now'), updatedAt: p('now'),
      }).prepare(),
    insertAttachment: db.insert(attachments)
      .values({ id: p('id'), accountId: p('accountId'), messageId: p('messageId'), url: p('url'), mime: p('mime'), name: p('name'), size: p('size') }).prepare(),
    lastOutbound: db.select({ id: messages.id, content: messages.content }).from(messages)
      .where(and(eq(messages.caseId, p('caseId')), eq(messages.direction, 'out'))).orderBy(desc(messages.id)).limit(1).prepare(),
    /** A customer message: the case's preview and its last activity (engine/cases/last-activity.ts). */
    touchCase: db.update(cases).set({ updatedAt: sql`${p('now')}`, lastActivityAt: sql`${p('now')}`, preview: sql`${p('preview')}` }).where(eq(cases.id, p('caseId'))).prepare(),
    enqueue: db.insert(dispatchQueue)
      .values({ accountId: p('accountId'), caseId: p('caseId'), kind: p('kind'), payload: p('payload'), availableAt: p('now'), createdAt: p('now') }).prepare(),
  };
}

export type IngestStatements = ReturnType<typeof prepare>;
const cache = new WeakMap<Db, IngestStatements>();

export function ingestStatements(db: Db): IngestStatements {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = prepare(db)));
  return statements;
}
