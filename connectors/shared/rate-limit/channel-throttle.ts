// Outbound pacing per channel (and per conversation where the provider limits one chat), at the
// rate the connector declares (Connector.rateLimit). One throttle lives in each worker process, so
// the limit holds per process; Parley runs one worker per deployment by default.
import type { RateLimit } from '../../connector';
import { TokenBucket } from './token-bucket';

/** Beyond this many buckets, idle ones are dropped (they would start full anyway). */
const PRUNE_ABOVE = 5_000;

export interface ThrottleSlot {
  /** How long to wait before sending (ms); 0 = now. */
  waitMs: number;
  /** Returns the reserved tokens when the caller decides not to send after all. */
  cancel(): void;
}

export class ChannelThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  private bucket(key: string, perSecond: number, burst: number, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.perSecond !== perSecond || bucket.burst !== burst) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = new TokenBucket(perSecond, burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private prune(now: number) {
    for (const [key, bucket] of this.buckets) if (bucket.isIdle(now)) this.buckets.delete(key);
  }

  /** Reserves a send on `channelId` (and its `conversation` when the limit has a per-conversation part). */
  reserve(channelId: string, limit: RateLimit, conversation: string, now: number): ThrottleSlot {
    const taken = [this.bucket(`${channelId}`, limit.perSecond, limit.burst, now)];
    if (limit.perConversation) {
      taken.push(this.bucket(`${channelId}\u0000${conversation}`, limit.perConversation.perSecond, limit.perConversation.burst, now));
    }
    const waitMs = Math.max(...taken.map((bucket) => bucket.reserve(now)));
    return { waitMs, cancel: () => taken.forEach((bucket) => bucket.refund()) };
  }
}
