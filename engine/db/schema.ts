// The database schema. Every row belongs to an account (tenant). Times are ms since epoch.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => integer('created_at').notNull();

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** scrypt$N$r$p$salt$hash */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['admin', 'supervisor', 'agent'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_account_email').on(t.accountId, t.email)],
);

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull().references(() => accounts.id),
  name: text('name').notNull(),
  /** sha256 of the key: keys are 256-bit random, so a fast hash is enough and allows lookup. */
  keyHash: text('key_hash').notNull().unique(),
  /** First characters of the key, shown so people can tell keys apart. */
  prefix: text('prefix').notNull(),
  role: text('role', { enum: ['admin', 'supervisor', 'agent'] }).notNull(),
  /** Set for a user's login session (its key acts as that user until it expires). */
  userId: text('user_id').references(() => users.id),
  expiresAt: integer('expires_at'),
  createdAt: createdAt(),
  revokedAt: integer('revoked_at'),
});

export const channels = sqliteTable(
  'channels',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    type: text('type').notNull(),
    name: text('name').notNull(),
    /** Non-secret config as JSON. */
    config: text('config', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Secret config fields, AES-256-GCM encrypted JSON (see engine/security/secret-box.ts). */
    secrets: text('secrets'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('channels_account').on(t.accountId)],
);

export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    customFields: text('custom_fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('contacts_account').on(t.accountId, t.id)],
);

/** A contact's identity on one channel (PSID, phone number, BYOC sender id, ...). */
export const contactIdentities = sqliteTable(
  'contact_identities',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    channelId: text('channel_id').notNull().references(() => channels.id),
    externalId: text('external_id').notNull(),
    name: text('name'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('identities_channel_external').on(t.channelId, t.externalId), index('identities_contact').on(t.contactId)],
);

export const CASE_STATUS_VALUES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'] as const;

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    channelId: text('channel_id').notNull().references(() => channels.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    /** The provider's conversation/thread id. */
    threadId: text('thread_id').notNull(),
    status: text('status', { enum: CASE_STATUS_VALUES }).notNull(),
    assigneeId: text('assignee_id'),
    skillId: text('skill_id'),
    priority: integer('priority').notNull().default(0),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    preview: text('preview'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    statusUpdatedAt: integer('status_updated_at').notNull(),
    statusUpdatedBy: text('status_updated_by'),
    lastInboundAt: integer('last_inbound_at'),
    lastOutboundAt: integer('last_outbound_at'),
    inboundCount: integer('inbound_count').notNull().default(0),
    outboundCount: integer('outbound_count').notNull().default(0),
    autoCloseAt: integer('auto_close_at'),
    closedAt: integer('closed_at'),
  },
  (t) => [
    index('cases_account_id').on(t.accountId, t.id),
    index('cases_account_status').on(t.accountId, t.status, t.id),
    index('cases_thread').on(t.channelId, t.contactId, t.threadId),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    caseId: text('case_id').notNull().references(() => cases.id),
    channelId: text('channel_id').notNull().references(() => channels.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    authorType: text('author_type', { enum: ['customer', 'agent', 'system'] }).notNull(),
    authorId: text('author_id'),
    /** Channel-neutral content (engine/content model). */
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    /** Plain-text rendering: what a text-only channel shows, and what search reads. */
    fallbackText: text('fallback_text').notNull(),
    providerMessageId: text('provider_message_id'),
    deliveryStatus: text('delivery_status', { enum: ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
    deliveryError: text('delivery_error'),
    occurredAt: integer('occurred_at').notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('messages_case').on(t.caseId, t.id), index('messages_provider').on(t.channelId, t.providerMessageId)],
);

export const attachments = sqliteTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    messageId: text('message_id').notNull().references(() => messages.id),
    url: text('url'),
    mime: text('mime').notNull(),
    name: text('name'),
    size: integer('size'),
  },
  (t) => [index('attachments_message').on(t.messageId)],
);

/**
 * The case's audit trail: status changes (written by the workflow's mirror activity, with who made
 * them) and routing changes (assignee, skill, priority, tags; written by the API with the actor).
 */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    caseId: text('case_id').notNull().references(() => cases.id),
    type: text('type', { enum: ['status_changed', 'assignee_changed', 'skill_changed', 'priority_changed', 'tags_changed'] }).notNull(),
    from: text('from_value'),
    to: text('to_value'),
    /** An agent's key/user id, `customer`, `system`. */
    actor: text('actor'),
    at: integer('at').notNull(),
  },
  (t) => [index('case_events_case').on(t.caseId, t.id)],
);

/** Every provider event seen, keyed by the provider's id: a retry finds its row and is dropped. */
export const inboundEvents = sqliteTable(
  'inbound_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    channelId: text('channel_id').notNull(),
    eventId: text('event_id').notNull(),
    kind: text('kind').notNull(),
    caseId: text('case_id'),
    messageId: text('message_id'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('inbound_events_dedupe').on(t.channelId, t.eventId)],
);

/**
 * The outbox between SQLite and Temporal: written in the ingest transaction, relayed by the
 * dispatcher, deleted once Temporal accepted it. Rows survive a Temporal outage.
 */
export const dispatchQueue = sqliteTable(
  'dispatch_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    caseId: text('case_id').notNull(),
    kind: text('kind', { enum: ['inbound', 'agentReply'] }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Claimed rows are leased until this time; failed ones back off until it. */
    availableAt: integer('available_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('dispatch_available').on(t.availableAt, t.id)],
);
