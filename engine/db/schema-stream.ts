// The inbox change log behind the live stream (GET /api/v1/stream): one row per committed change to a
// case or a message, numbered by a monotonic sequence. The rows are written by SQLite triggers on
// `cases`, `messages` and `attachments` (hand-written in migrations/0010_inbox_change_log_and_name_search_triggers.sql; drizzle
// cannot express triggers), so the number is taken inside the writing transaction, whichever process
// writes: SQLite has one writer at a time, so seq order is commit order and a reader that sees seq N
// sees every seq below it.
//
// Retention: a trigger on this table deletes the rows older than 24 hours every 1,000th change (only
// a prefix of seqs goes, so the log never has holes). A client resuming from a pruned cursor gets a
// `reset` event and reloads (engine/cases/inbox-changes.ts).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const INBOX_CHANGE_RETENTION_MS = 24 * 60 * 60 * 1000;
/** The prune trigger runs when seq is a multiple of this. */
export const INBOX_CHANGE_PRUNE_EVERY = 1000;

export const inboxChanges = sqliteTable(
  'inbox_changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    kind: text('kind', { enum: ['case', 'message'] }).notNull(),
    /** The case id, or the message id (an attachment added to a message logs its message). */
    rowId: text('row_id').notNull(),
    /** Wall-clock ms of the change (SQLite's clock at the write): what `?since=` and pruning read. */
    at: integer('at').notNull(),
  },
  (t) => [index('inbox_changes_account_seq').on(t.accountId, t.seq), index('inbox_changes_at').on(t.at)],
);
