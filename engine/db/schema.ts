// The database schema. Every row belongs to an account (tenant). Times are ms since epoch.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { RenderOutcome, RenderReportEntry } from '../../connectors/render';

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
    /** Routing (issue #10): the skill a case from this channel needs unless a rule or queue sets another. */
    defaultSkillId: text('default_skill_id'),
    /** BCP 47: the language of the words Parley adds for contacts whose own language is unknown (model/i18n). */
    defaultLanguage: text('default_language'),
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
    /** BCP 47 ("es", "pt-BR"): from the provider's profile at ingest, or set by an agent; null = unknown. */
    language: text('language'),
    /** When Parley last asked the channel's provider for this contact's profile (name, language): at most once a day. */
    profileCheckedAt: integer('profile_checked_at'),
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

/** A message's rendering as sent (messages.rendering; engine/workspace/message-rendering.ts writes and reads it). */
export interface SentRendering {
  /** The whole message: native when every block was, fallback when every block went as text, else degraded. */
  outcome: RenderOutcome;
  report: RenderReportEntry[];
  /** The plain text the channel got in place of the blocks sent as text (in the customer's language); null when none was. */
  text: string | null;
}

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
    customFields: text('custom_fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
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
    /**
     * The inbox's "last activity" (GET /cases?sort=activity): moved by what people do in the case, never by
     * Parley's bookkeeping (the workflow's mirror, profile enrichment, a card merge, a routing sweep). See
     * engine/cases/last-activity.ts for what counts. 0 only for a row written without it (raw SQL).
     */
    lastActivityAt: integer('last_activity_at').notNull().default(0),
  },
  (t) => [
    index('cases_account_id').on(t.accountId, t.id),
    index('cases_account_status').on(t.accountId, t.status, t.id),
    index('cases_thread').on(t.channelId, t.contactId, t.threadId),
    // Inbox reads over a large account (migrations/0014; test/bench/inbox.ts): a customer card's cases
    // and a merge, the channel filter and the assignee filters (mine, unassigned), newest first.
    index('cases_contact').on(t.contactId, t.id),
    index('cases_account_channel').on(t.accountId, t.channelId, t.id),
    index('cases_account_assignee').on(t.accountId, t.assigneeId, t.id),
    // The inbox by last activity (GET /cases?sort=activity): keyset pages on (last_activity_at, id), newest first.
    index('cases_account_last_activity').on(t.accountId, t.lastActivityAt, t.id),
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
    /** Channel-neutral content (model/content model). */
    content: text('content', { mode: 'json' }).$type<unknown>().notNull(),
    /** Plain-text rendering: what a text-only channel shows, and what search reads. */
    fallbackText: text('fallback_text').notNull(),
    /** Tags on the message itself (rules tag messages, e.g. `refund`). */
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    providerMessageId: text('provider_message_id'),
    deliveryStatus: text('delivery_status', { enum: ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
    deliveryError: text('delivery_error'),
    /**
     * How the channel showed an outbound message, stored when the delivery activity sent it (the renderer's
     * report, and the plain text the customer got for blocks sent as text). Null for inbound messages,
     * messages not sent yet, and rows sent before it was kept (those are rendered again on read).
     */
    rendering: text('rendering', { mode: 'json' }).$type<SentRendering>(),
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

export const CASE_EVENT_TYPES = [
  'status_changed', 'assignee_changed', 'skill_changed', 'priority_changed', 'tags_changed',
  'field_changed', 'message_tagged', 'message_masked', 'message_redacted', 'survey_answered', 'rule_action',
  // Outreach (issue #7): a reply to a campaign, an opt-out keyword, a campaign started by a rule from the case.
  'campaign_replied', 'campaign_opted_out', 'campaign_started',
  // Payments (issue #7): a payment request's status in the case (to: the status; detail: paymentId, amount, currency).
  'payment',
  // Appointments (issue #7): one step of an appointment flow (to: the step; detail: appointmentId, service, start, agent).
  'appointment',
  // Routing (issue #10): a decision without a new assignee (waiting in backlog, accepted, capacity freed; detail: the reason).
  'routing',
  // Customer cards merged (issue #10): from: the merged card, to: the kept card; detail: names, moved.
  'contact_merged',
  // A file offered through a consent request (Teams personal chats, issue #9): to: waiting, accepted,
  // delivered, declined or failed; detail: messageId, attachmentId, name, reason.
  'file_consent',
] as const;

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
    type: text('type', { enum: CASE_EVENT_TYPES }).notNull(),
    from: text('from_value'),
    to: text('to_value'),
    /** An agent's key/user id, `customer`, `system`, or `rule:<ruleId>` for a rule run's action. */
    actor: text('actor'),
    /** Extra facts, e.g. for a rule's action: { ruleId, ruleName, version, runId, nodeId, action }. */
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
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
    /** `fileUpload`: a customer accepted a file (Teams file consent); payload: engine/teams/file-consent-answers.ts. */
    kind: text('kind', { enum: ['inbound', 'agentReply', 'fileUpload'] }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Claimed rows are leased until this time; failed ones back off until it. */
    availableAt: integer('available_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [index('dispatch_available').on(t.availableAt, t.id)],
);

/** Per-account settings: business-hours calendar, SMTP for notification emails, URL-call policy. */
export const accountSettings = sqliteTable('account_settings', {
  accountId: text('account_id').primaryKey().references(() => accounts.id),
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** SMTP password and similar, AES-256-GCM sealed like channel secrets. */
  secrets: text('secrets'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * An automation rule. The editable draft lives here; published versions are immutable rows of
 * rule_versions. The active version's trigger type and channel filter are copied here so candidate
 * selection is one indexed lookup.
 */
export const rules = sqliteTable(
  'rules',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    folder: text('folder').notNull().default(''),
    /** Lower runs first among rules matching the same event. */
    priority: integer('priority').notNull().default(100),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    draft: text('draft', { mode: 'json' }).$type<unknown>().notNull(),
    draftUpdatedAt: integer('draft_updated_at').notNull(),
    /** The published version that runs (null: never published). */
    activeVersion: integer('active_version'),
    triggerType: text('trigger_type'),
    /** JSON array of channel ids the active version is limited to, or null for all. */
    triggerChannels: text('trigger_channels', { mode: 'json' }).$type<string[] | null>(),
    /** API-triggered rules: the event key of the active version. */
    triggerKey: text('trigger_key'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('rules_account').on(t.accountId, t.id), index('rules_trigger').on(t.accountId, t.triggerType)],
);

export const ruleVersions = sqliteTable(
  'rule_versions',
  {
    ruleId: text('rule_id').notNull().references(() => rules.id),
    accountId: text('account_id').notNull(),
    version: integer('version').notNull(),
    graph: text('graph', { mode: 'json' }).$type<unknown>().notNull(),
    status: text('status', { enum: ['published', 'archived'] }).notNull(),
    note: text('note').notNull().default(''),
    publishedAt: integer('published_at').notNull(),
    publishedBy: text('published_by'),
    /** Set when this version was made by rolling back to an older one. */
    rolledBackFrom: integer('rolled_back_from'),
  },
  (t) => [uniqueIndex('rule_versions_pk').on(t.ruleId, t.version)],
);

/**
 * Every event rules can react to, recorded in the transaction that caused it (an outbox like
 * dispatch_queue) and kept for a while as the corpus dry-runs and replays read.
 */
export const ruleEvents = sqliteTable(
  'rule_events',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    type: text('type').notNull(),
    channelId: text('channel_id'),
    caseId: text('case_id'),
    messageId: text('message_id'),
    /** The RuleEvent (model/rules/event.ts) as recorded, without snapshots filled in later. */
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: integer('occurred_at').notNull(),
    /** Outbox state: null once relayed to rule runs. Claimed rows are leased until this time. */
    availableAt: integer('available_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('rule_events_pending').on(t.availableAt), index('rule_events_account').on(t.accountId, t.occurredAt)],
);

/** One rule run: a Temporal workflow whose id is this row's id (derived from rule + event). */
export const ruleRuns = sqliteTable(
  'rule_runs',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    ruleId: text('rule_id').notNull(),
    version: integer('version').notNull(),
    eventId: text('event_id').notNull(),
    caseId: text('case_id'),
    status: text('status', { enum: ['running', 'completed', 'failed', 'stopped', 'no_match'] }).notNull(),
    /** PathEntry[] (model/rules/run.ts). */
    path: text('path', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    /** Per action: { nodeId, name, input, output?, error?, attempts, startedAt, finishedAt }. */
    steps: text('steps', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    /**
     * A privacy action changed a message this run may have read: its Temporal history (which quotes
     * the original) is deleted once the run has ended. Due time of the next try; null when none is due.
     */
    historyPurgeAt: integer('history_purge_at'),
    historyPurgeAttempts: integer('history_purge_attempts').notNull().default(0),
    /** When the run's Temporal history was deleted for privacy (this row stays: it is already scrubbed). */
    historyDeletedAt: integer('history_deleted_at'),
  },
  (t) => [index('rule_runs_rule').on(t.ruleId, t.startedAt), index('rule_runs_case').on(t.caseId), index('rule_runs_history_purge').on(t.historyPurgeAt)],
);
