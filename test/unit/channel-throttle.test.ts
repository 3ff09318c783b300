// The per-channel outbound pacing the send activity applies at each connector's declared rate.
import { describe, expect, it } from 'vitest';
import { ChannelThrottle } from '../../connectors/shared/rate-limit/channel-throttle';
import { TokenBucket } from '../../connectors/shared/rate-limit/token-bucket';

describe('token bucket', () => {
  it('lets a burst through at once, then one token per 1/perSecond', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
    // Reservations queue up: the 4th waits 500 ms, the 5th 1000 ms.
    expect(bucket.reserve(0)).toBe(500);
    expect(bucket.reserve(0)).toBe(1000);
    // Two seconds later the two borrowed tokens are repaid and two more have come in.
    expect(bucket.reserve(2000)).toBe(0);
  });

  it('refills to the burst and no further; a refunded reservation frees its slot', () => {
    const bucket = new TokenBucket(1, 2, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    expect(bucket.waitFor(0)).toBe(1000);
    bucket.reserve(0);
    bucket.refund();
    expect(bucket.waitFor(0)).toBe(1000);
    expect(bucket.isIdle(60_000)).toBe(true);
    expect([bucket.reserve(60_000), bucket.reserve(60_000), bucket.reserve(60_000)]).toEqual([0, 0, 1000]);
  });
});

describe('channel throttle', () => {
  const limit = { perSecond: 30, burst: 30, perConversation: { perSecond: 1, burst: 1 } };

  it('paces one conversation at its own rate while others go at once', () => {
    const throttle = new ChannelThrottle();
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(0);
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(1000);
    expect(throttle.reserve('ch_1', limit, 'chat-b', 0).waitMs).toBe(0);
    // Another channel has buckets of its own.
    expect(throttle.reserve('ch_2', limit, 'chat-a', 0).waitMs).toBe(0);
  });

  it('holds the channel-wide rate across conversations', () => {
    const throttle = new ChannelThrottle();
    const waits = Array.from({ length: 32 }, (_, i) => throttle.reserve('ch_1', limit, `chat-${i}`, 0).waitMs);
    expect(waits.slice(0, 30).every((w) => w === 0)).toBe(true);
    expect(waits.slice(30)).toEqual([34, 67]);
  });

  it('cancel gives the reserved tokens back', () => {
    const throttle = new ChannelThrottle();
    throttle.reserve('ch_1', limit, 'chat-a', 0);
    const slot = throttle.reserve('ch_1', limit, 'chat-a', 0);
    expect(slot.waitMs).toBe(1000);
    slot.cancel();
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(1000);
  });
});
