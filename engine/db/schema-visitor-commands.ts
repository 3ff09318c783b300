// Commands rules send to a website visitor's page (issue #8, website actions): show an offer, open
// the chat with a message, add or remove a visitor tag. The snippet fetches its visitor's pending
// commands; each is handed out once (delivered_at) and only until it expires (a visitor who left
// does not get a stale pop-up on their next visit).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const visitorCommands = sqliteTable(
  'visitor_commands',
  {
    /** Derived from the rule run and node: a retried action queues nothing twice. */
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    siteId: text('site_id').notNull(),
    /** The snippet's (anonymous) visitor id: the page the triggering event came from. */
    visitorId: text('visitor_id').notNull(),
    /** show_offer | open_chat | set_tag (model/website/visitor-commands.ts). */
    kind: text('kind').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    ruleId: text('rule_id'),
    runId: text('run_id'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    deliveredAt: integer('delivered_at'),
    /** open_chat greetings: when the visitor answered and the greeting was kept in their new case. */
    keptAt: integer('kept_at'),
  },
  (t) => [index('visitor_commands_visitor').on(t.siteId, t.visitorId, t.deliveredAt), index('visitor_commands_expiry').on(t.expiresAt)],
);
