// Outbound pacing per channel (and per conversation where the provider limits one chat), at the
// rate the connector declares (Connector.rateLimit). The case send activity and the campaign sender
// reserve a slot before each send (ChannelStore.throttle). The buckets are shared by every process
// through the database (sql-channel-throttle.ts): a deployment may run several workers, and the
// provider's limit is per channel, not per process.
import { createHash } from 'node:crypto';
import type { RateLimit } from '../../connector';

export interface ThrottleSlot {
  /** How long to wait before sending (ms); 0 = now. */
  waitMs: number;
  /** Returns the reserved tokens when the caller decides not to send after all (once; later calls do nothing). */
  cancel(): void;
}

export interface ChannelThrottle {
  /** Reserves a send on `channelId` (and its `conversation` when the limit has a per-conversation part). */
  reserve(channelId: string, limit: RateLimit, conversation: string, now: number): ThrottleSlot;
}

/** One bucket a reservation takes a token from: its storage key and its rate. */
export interface BucketSpec {
  key: string;
  perSecond: number;
  burst: number;
}

/**
 * The buckets a send on `channelId` to `conversation` draws from: the channel's, plus the
 * conversation's when the provider limits one chat. Channel ids contain no "|", so the keys of
 * different channels never collide. The conversation (a chat id, a phone number) is stored only as
 * a hash: the bucket rows hold no customer identifier a privacy erasure would have to find.
 */
export function bucketsFor(channelId: string, limit: RateLimit, conversation: string): BucketSpec[] {
  const specs = [{ key: channelId, perSecond: limit.perSecond, burst: limit.burst }];
  if (limit.perConversation) {
    specs.push({ key: conversationBucketKey(channelId, conversation), perSecond: limit.perConversation.perSecond, burst: limit.perConversation.burst });
  }
  return specs;
}

/** "<channel id>|<128 bits of the conversation's SHA-256, base64url>". */
export function conversationBucketKey(channelId: string, conversation: string): string {
  return `${channelId}|${createHash('sha256').update(conversation).digest('base64url').slice(0, 22)}`;
}
