// Tables of the agent workspace (issue #10): canned responses agents insert into replies, and
// internal notes on a case (never sent to the customer) with the users they @mention.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A reusable reply: `shortCode` is what an agent types after "/" in the composer. */
export const cannedResponses = sqliteTable(
  'canned_responses',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    shortCode: text('short_code').notNull(),
    title: text('title').notNull(),
    /** Markdown with {{contact.name}}, {{agent.name}}, {{case.id}} variables, filled in the composer. */
    content: text('content').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('canned_responses_code').on(t.accountId, t.shortCode)],
);

/** An agent's internal note on a case; `mentions` are the user ids it @mentions. */
export const caseNotes = sqliteTable(
  'case_notes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    caseId: text('case_id').notNull(),
    /** The user (or API key) who wrote it. */
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    mentions: text('mentions', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('case_notes_case').on(t.caseId, t.id)],
);
