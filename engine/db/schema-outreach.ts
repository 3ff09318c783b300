// Tables of the outreach flow (issue #7): contact lists imported from CSV, the do-not-contact list,
// campaigns and their recipients. Times are ms since epoch, like the rest of the schema.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './schema';

/** How a CSV's columns map to a list row (engine/outreach/csv-mapping.ts). */
export interface ContactListMapping {
  externalId: string | null;
  name: string | null;
  /** Identity key (`phone`, `email`, or a channel type such as `byoc`, `line`) → column. */
  identities: Record<string, string>;
  /** Columns kept as per-contact variables (`{{variables.<column>}}` or `{{<column>}}`). */
  variables: string[];
}

export const CONTACT_LIST_STATUSES = ['importing', 'ready', 'failed'] as const;

export const contactLists = sqliteTable(
  'contact_lists',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    status: text('status', { enum: CONTACT_LIST_STATUSES }).notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<ContactListMapping>(),
    /** Data rows read so far (the header excluded). */
    rowsRead: integer('rows_read').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    invalidRows: integer('invalid_rows').notNull().default(0),
    duplicateRows: integer('duplicate_rows').notNull().default(0),
    bytesRead: integer('bytes_read').notNull().default(0),
    /** The upload's size when the client announced it (Content-Length), for a progress bar. */
    bytesTotal: integer('bytes_total'),
    delimiter: text('delimiter'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    completedAt: integer('completed_at'),
  },
  (t) => [index('contact_lists_account').on(t.accountId, t.id)],
);

export const contactListRows = sqliteTable(
  'contact_list_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    listId: text('list_id').notNull().references(() => contactLists.id),
    /** 1-based data row number in the file (the header is row 0), as the validation report counts. */
    rowNumber: integer('row_number').notNull(),
    /** The external id, or the first identity as `key:value`: a second row with the same key is a duplicate. */
    dedupeKey: text('dedupe_key').notNull(),
    externalId: text('external_id'),
    name: text('name'),
    identities: text('identities', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    variables: text('variables', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
  },
  (t) => [uniqueIndex('contact_list_rows_dedupe').on(t.listId, t.dedupeKey), index('contact_list_rows_list').on(t.listId, t.rowNumber)],
);

/** The per-row validation report of an import: rejected rows and duplicates. */
export const contactListIssues = sqliteTable(
  'contact_list_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    listId: text('list_id').notNull().references(() => contactLists.id),
    rowNumber: integer('row_number').notNull(),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('contact_list_issues_list').on(t.listId, t.rowNumber)],
);

/** Who must not be contacted proactively, per account and channel. */
export const doNotContact = sqliteTable(
  'do_not_contact',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull().references(() => accounts.id),
    channelId: text('channel_id').notNull(),
    /** The identity on that channel (the channel's external user id, phone number, e-mail address). */
    identity: text('identity').notNull(),
    /** `keyword` (the customer wrote STOP…), `manual` (added through the API or console). */
    source: text('source').notNull(),
    /** The keyword or note that put the identity here. */
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('do_not_contact_identity').on(t.accountId, t.channelId, t.identity)],
);

/** Per-account outreach settings: the opt-out keywords and their acknowledgement. */
export const outreachSettings = sqliteTable('outreach_settings', {
  accountId: text('account_id').primaryKey().references(() => accounts.id),
  stopKeywords: text('stop_keywords', { mode: 'json' }).$type<string[]>().notNull(),
  stopReply: text('stop_reply').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'waiting_window', 'sending', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    channelId: text('channel_id').notNull(),
    listId: text('list_id').notNull(),
    /** { content: ContentMessage } or { template: { name, language, variables } } (engine/outreach/campaign-content.ts). */
    message: text('message', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    mode: text('mode', { enum: ['agentless', 'skill'] }).notNull(),
    skillId: text('skill_id'),
    startAt: integer('start_at'),
    /** { timeZone, days, from, to } or null for any time. */
    sendingWindow: text('sending_window', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    /** Messages per second; null = as fast as the provider answers. */
    throttlePerSecond: integer('throttle_per_second'),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('campaigns_account').on(t.accountId, t.id)],
);

export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const campaignRecipients = sqliteTable(
  'campaign_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: text('campaign_id').notNull().references(() => campaigns.id),
    accountId: text('account_id').notNull(),
    channelId: text('channel_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    externalId: text('external_id'),
    name: text('name'),
    /** The address on the campaign's channel; null when the row has none. */
    identity: text('identity'),
    /** All the row's identities (to tell "no identity" from "only on channels without proactive outbound"). */
    identities: text('identities', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    variables: text('variables', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    status: text('status', { enum: RECIPIENT_STATUSES }).notNull(),
    /** Why it failed or was skipped (a skip reason code, or the provider's error). */
    reason: text('reason'),
    /** The provider idempotency key and message id: derived from campaign and recipient. */
    messageId: text('message_id').notNull(),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    caseId: text('case_id'),
    sentAt: integer('sent_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('campaign_recipients_row').on(t.campaignId, t.rowNumber),
    index('campaign_recipients_status').on(t.campaignId, t.status, t.id),
    index('campaign_recipients_identity').on(t.channelId, t.identity),
    index('campaign_recipients_message').on(t.messageId),
    index('campaign_recipients_provider').on(t.providerMessageId),
    index('campaign_recipients_sent').on(t.campaignId, t.sentAt),
  ],
);
