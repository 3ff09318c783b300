// Customer cards merged into another (issue #10): the merged card's row is deleted (its identities and
// cases now belong to the kept card), and this record remembers where it went, so a later merge or a
// stale link naming the old id gets a clear 409 ("already merged into …") instead of a bare 404.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { MergeConflict } from '../../model/contacts/merge-cards';

export const contactMerges = sqliteTable(
  'contact_merges',
  {
    /** The id of the card that was merged away (its contacts row no longer exists). */
    mergedContactId: text('merged_contact_id').primaryKey(),
    accountId: text('account_id').notNull(),
    /** The card that kept everything; may itself be merged later (follow the chain). */
    keptContactId: text('kept_contact_id').notNull(),
    mergedName: text('merged_name'),
    /** The user id or API key id that merged them. */
    mergedBy: text('merged_by').notNull(),
    /** Values of the merged card that lost to the kept card's. */
    conflicts: text('conflicts', { mode: 'json' }).$type<MergeConflict[]>().notNull(),
    movedIdentities: integer('moved_identities').notNull(),
    movedCases: integer('moved_cases').notNull(),
    mergedAt: integer('merged_at').notNull(),
  },
  (t) => [index('contact_merges_kept').on(t.keptContactId)],
);
