// The per-channel outbound pacing the send activity and the campaign sender apply at each
// connector's declared rate: token bucket arithmetic, and the buckets kept in the database
// (channel_send_buckets) so that every process draws from the same ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { conversationBucketKey } from '../../connectors/shared/rate-limit/channel-throttle';
import { SqlChannelThrottle, PRUNE_EVERY_MS } from '../../connectors/shared/rate-limit/sql-channel-throttle';
import { TokenBucket } from '../../connectors/shared/rate-limit/token-bucket';
import { tempDb } from '../support/temp-db';

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

  it('counts a wait from the bucket\'s own time when it was counted a little after our clock read', () => {
    // Another process counted the bucket at 1000 (empty); our clock read 990: the token is due at 1100.
    const bucket = TokenBucket.restore(10, 5, { tokens: 0, updatedAt: 1000 });
    expect(bucket.reserve(990)).toBe(110);
    expect(bucket.fullAt()).toBe(1000 + 600);
  });
});

describe('channel throttle (buckets in the database)', () => {
  const limit = { perSecond: 30, burst: 30, perConversation: { perSecond: 1, burst: 1 } };
  let t: ReturnType<typeof tempDb>;
  let throttle: SqlChannelThrottle;
  // Bucket rows with the conversation part of the key shown by name ("ch_1|chat-a"): stored, it is a hash.
  const named = new Map(['chat-a', 'chat-b', 'chat-c', 'chat-d', 'chat-e'].flatMap((c) => ['ch_1', 'ch_2', 'ch_3', 'ch_4'].map((ch) => [conversationBucketKey(ch, c), `${ch}|${c}`] as const)));
  const rows = () => (t.db.$client.prepare('SELECT key, tokens FROM channel_send_buckets').all() as { key: string; tokens: number }[])
    .map((r) => ({ key: named.get(r.key) ?? r.key, tokens: r.tokens })).sort((a, b) => (a.key < b.key ? -1 : 1));
  beforeEach(() => {
    t = tempDb();
    throttle = new SqlChannelThrottle(t.db.$client);
  });
  afterEach(() => t.close());

  it('keeps no conversation id in the table, only a hash of it', () => {
    throttle.reserve('ch_1', limit, '+34600000001', 0);
    const keys = rows().map((r) => r.key);
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toContain('34600000001');
    expect(keys).toEqual(['ch_1', conversationBucketKey('ch_1', '+34600000001')]);
  });

  it('paces one conversation at its own rate while others go at once', () => {
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(0);
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(1000);
    expect(throttle.reserve('ch_1', limit, 'chat-b', 0).waitMs).toBe(0);
    // Another channel has buckets of its own.
    expect(throttle.reserve('ch_2', limit, 'chat-a', 0).waitMs).toBe(0);
    expect(rows().map((r) => r.key)).toEqual(['ch_1', 'ch_1|chat-a', 'ch_1|chat-b', 'ch_2', 'ch_2|chat-a']);
  });

  it('holds the channel-wide rate across conversations', () => {
    const waits = Array.from({ length: 32 }, (_, i) => throttle.reserve('ch_1', limit, `chat-${i}`, 0).waitMs);
    expect(waits.slice(0, 30).every((w) => w === 0)).toBe(true);
    expect(waits.slice(30)).toEqual([34, 67]);
  });

  it('lets the burst through, then refills at the rate and never beyond the burst', () => {
    const sms = { perSecond: 10, burst: 5 };
    const at = (now: number, n: number) => Array.from({ length: n }, () => throttle.reserve('ch_1', sms, 'x', now).waitMs);
    expect(at(0, 7)).toEqual([0, 0, 0, 0, 0, 100, 200]);
    // 700 ms later the two borrowed tokens are repaid and 5 more came in (7 × 100 ms): the burst again.
    expect(at(700, 6)).toEqual([0, 0, 0, 0, 0, 100]);
    // A long quiet spell refills to the burst (5), not to 600 tokens.
    expect(at(60_000, 6)).toEqual([0, 0, 0, 0, 0, 100]);
  });

  it('cancel gives the reserved tokens back, once', () => {
    throttle.reserve('ch_1', limit, 'chat-a', 0);
    const slot = throttle.reserve('ch_1', limit, 'chat-a', 0);
    expect(slot.waitMs).toBe(1000);
    slot.cancel();
    slot.cancel();
    expect(throttle.reserve('ch_1', limit, 'chat-a', 0).waitMs).toBe(1000);
    // Both buckets got the token back: the conversation's is at -1 again, not -2; the channel's at 28.
    expect(rows()).toEqual([{ key: 'ch_1', tokens: 28 }, { key: 'ch_1|chat-a', tokens: -1 }]);
  });

  it('is the same bucket for every connection to the file (another process sees what this one took)', () => {
    const other = new Database(join(t.dir, 'parley.sqlite'));
    other.pragma('busy_timeout = 5000');
    try {
      const elsewhere = new SqlChannelThrottle(other);
      const sms = { perSecond: 10, burst: 2 };
      expect(throttle.reserve('ch_1', sms, 'x', 0).waitMs).toBe(0);
      expect(elsewhere.reserve('ch_1', sms, 'x', 0).waitMs).toBe(0);
      expect(throttle.reserve('ch_1', sms, 'x', 0).waitMs).toBe(100);
      expect(elsewhere.reserve('ch_1', sms, 'x', 0).waitMs).toBe(200);
    } finally {
      other.close();
    }
  });

  it('prunes the rows of buckets that are full again, at most once a minute', () => {
    throttle.reserve('ch_1', limit, 'chat-a', 0);
    throttle.reserve('ch_1', limit, 'chat-b', 0);
    throttle.reserve('ch_1', limit, 'chat-b', 0);
    expect(rows().map((r) => r.key)).toEqual(['ch_1', 'ch_1|chat-a', 'ch_1|chat-b']);
    // Within the minute after the last prune nothing is deleted, even rows already full.
    throttle.reserve('ch_2', limit, 'chat-c', 30_000);
    throttle.reserve('ch_3', limit, 'chat-d', PRUNE_EVERY_MS - 100);
    expect(rows()).toHaveLength(7);
    // A minute on, every bucket full by now goes; chat-d (1/s) is still refilling and stays.
    throttle.reserve('ch_4', limit, 'chat-e', PRUNE_EVERY_MS);
    expect(rows().map((r) => r.key)).toEqual(['ch_3|chat-d', 'ch_4', 'ch_4|chat-e']);
    // A pruned bucket starts full, as the kept one would have been by now.
    expect(throttle.reserve('ch_1', limit, 'chat-b', PRUNE_EVERY_MS).waitMs).toBe(0);
  });

  it('a wall clock that stepped far back does not hold every send until it catches up', () => {
    const sms = { perSecond: 10, burst: 1 };
    throttle.reserve('ch_1', sms, 'x', 1_000_000);
    // An hour earlier by this process's clock: the bucket is counted from now, one token owed (100 ms).
    expect(throttle.reserve('ch_1', sms, 'x', 1_000_000 - 3_600_000).waitMs).toBe(100);
  });
});
