// Email threads: a conversation's subject and the token of its plus-addressed Reply-To. Which mail
// belongs to which thread is read from messages.provider_message_id (each mail's Message-ID).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { channels } from './schema';

export const emailThreads = sqliteTable(
  'email_threads',
  {
    channelId: text('channel_id').notNull().references(() => channels.id),
    /** The case thread id: the Message-ID of the mail that started the conversation. */
    threadId: text('thread_id').notNull(),
    subject: text('subject').notNull(),
    /** In `support+<token>@…`: random, so nobody can write into a thread by guessing. */
    replyToken: text('reply_token').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.threadId] }), index('email_threads_token').on(t.channelId, t.replyToken)],
);

/** How far Parley has read an IMAP mailbox: a restart continues after the last UID taken. */
export const emailMailboxState = sqliteTable('email_mailbox_state', {
  channelId: text('channel_id').primaryKey().references(() => channels.id),
  /** UIDs only mean something within one UIDVALIDITY; a new one means the mailbox was rebuilt. */
  uidValidity: text('uid_validity').notNull(),
  lastUid: integer('last_uid').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Email has no buttons: each option of a reply is a link carrying a random token (GET /a/{token}). */
export const emailAnswerLinks = sqliteTable(
  'email_answer_links',
  {
    token: text('token').primaryKey(),
    messageId: text('message_id').notNull(),
    optionId: text('option_id').notNull(),
    title: text('title').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('email_answer_links_option').on(t.messageId, t.optionId)],
);
