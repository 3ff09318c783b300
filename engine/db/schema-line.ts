// LINE reply tokens: each inbound event carries a single-use token valid for about a minute; a reply
// that uses it costs no push quota. Kept per conversation (the newest wins) until a reply takes it.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { channels } from './schema';

export const lineReplyTokens = sqliteTable(
  'line_reply_tokens',
  {
    channelId: text('channel_id').notNull().references(() => channels.id),
    /** The case thread id: the user, group or room the event came from. */
    conversationId: text('conversation_id').notNull(),
    replyToken: text('reply_token').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.conversationId] })],
);
