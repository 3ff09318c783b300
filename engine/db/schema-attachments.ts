// Files Parley keeps for attachments (issue #8: web chat visitors' uploads first; email and the
// messaging connectors reuse it). The bytes live under the data directory (`attachments/<account>/<id>`);
// this table holds what was checked about them. The message attachments table (schema.ts
// `attachments`) points at a stored file by its download URL, `/api/v1/attachments/<id>`.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const attachmentFiles = sqliteTable(
  'attachment_files',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    /** The channel it came in on (null for a file not tied to one). */
    channelId: text('channel_id'),
    /** The message it belongs to, once the message that carries it is stored. */
    messageId: text('message_id'),
    /** Who uploaded it on the channel (a web chat visitor's key): only they see it besides the account's agents. */
    uploader: text('uploader'),
    /** The type sniffed from the content (never the declared one). */
    mime: text('mime').notNull(),
    /** The original file name, sanitised (no folders, an extension matching the type). */
    name: text('name').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Where the bytes are, relative to the attachments folder of the data directory. */
    path: text('path').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('attachment_files_account').on(t.accountId, t.id), index('attachment_files_message').on(t.messageId), index('attachment_files_uploader').on(t.channelId, t.uploader)],
);
