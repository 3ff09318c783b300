// Outbound token buckets shared by every Parley process (issue #9: a per-channel rate limit at the
// provider's published rate). A deployment may run several worker processes; buckets kept in each
// process's memory would let N workers send at N times the provider's rate, so the buckets live here
// and every reservation is one BEGIN IMMEDIATE transaction (connectors/shared/rate-limit/
// sql-channel-throttle.ts). A row is the whole state of one bucket; the rate and burst come from the
// connector (Connector.rateLimit) at each reservation, so a changed limit applies at once.
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const channelSendBuckets = sqliteTable(
  'channel_send_buckets',
  {
    /** The channel id, or "<channel id>|<hash of the conversation>" for a per-conversation bucket (channel-throttle.ts). */
    key: text('key').primaryKey(),
    /** Tokens at `updated_at`; negative while sends are reserved ahead (queued senders). */
    tokens: real('tokens').notNull(),
    /** Wall-clock ms the tokens were counted at. */
    updatedAt: integer('updated_at').notNull(),
    /** When the bucket will be full again: from then on the row says nothing a fresh bucket would not (pruned). */
    fullAt: integer('full_at').notNull(),
  },
  (t) => [index('channel_send_buckets_full_at').on(t.fullAt)],
);
