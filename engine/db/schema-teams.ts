// Microsoft Teams conversations: where replies go. A reply must be posted to the serviceUrl Bot
// Framework named in the conversation's activities (a regional endpoint that may change), and
// inbound activities are not stored, so the latest one's serviceUrl is kept per conversation.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { channels } from './schema';

export const teamsConversations = sqliteTable(
  'teams_conversations',
  {
    channelId: text('channel_id').notNull().references(() => channels.id),
    /** The case thread id: the activity's conversation.id. */
    conversationId: text('conversation_id').notNull(),
    serviceUrl: text('service_url').notNull(),
    tenantId: text('tenant_id'),
    /** The activity's conversation.conversationType (personal, groupChat, channel): files go by consent only in personal ones. */
    conversationType: text('conversation_type'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.conversationId] })],
);
