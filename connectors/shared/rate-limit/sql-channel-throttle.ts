// The channel throttle with its token buckets in the database (table channel_send_buckets,
// engine/db/schema-rate-limit.ts), so every process of a deployment draws from the same buckets:
// with the buckets in each process's memory, two worker processes sent at twice a provider's rate.
//
// A reservation reads the buckets, refills them to `now`, takes a token from each and writes them
// back in ONE `BEGIN IMMEDIATE` transaction. IMMEDIATE takes SQLite's write lock before the read, and
// SQLite has one writer at a time, so reservations from different processes are serialised: each sees
// the tokens the previous one took (a plain BEGIN would read, then fail to upgrade to a writer under
// contention). The busy_timeout set in openDatabase makes a process wait for the lock instead of failing.
// better-sqlite3 is synchronous, so the transaction never spans an await. A Postgres path would take
// a row lock instead of the database lock: insert the missing bucket rows (ON CONFLICT DO NOTHING),
// then `SELECT … FOR UPDATE` them, refill, take and update in the same transaction.
//
// Idle rows are pruned: a row whose bucket is full again (full_at passed) says nothing a missing row
// would not (a missing bucket starts full), so deleting it is lossless. Each process deletes them at
// most once a minute, inside a reservation's transaction (an indexed range delete).
import type Database from 'better-sqlite3';
import type { RateLimit } from '../../connector';
import { bucketsFor, type BucketSpec, type ChannelThrottle, type ThrottleSlot } from './channel-throttle';
import { TokenBucket } from './token-bucket';

/** How often (ms) one process deletes the rows of full buckets. */
export const PRUNE_EVERY_MS = 60_000;
/**
 * A bucket counted later than our `now` by up to this much is another process that read the clock
 * after us: the wait is counted from the bucket's time. Further ahead means the clock stepped back
 * (or a caller keeps a clock of its own): the bucket is counted from `now` rather than holding every
 * send until the clock catches up.
 */
const MAX_CLOCK_SKEW_MS = 5_000;

interface BucketRow {
  tokens: number;
  updated_at: number;
}

/** The reservation and refund transactions over channel_send_buckets. */
function bucketTransactions(sqlite: Database.Database) {
  const read = sqlite.prepare<[string], BucketRow>('SELECT tokens, updated_at FROM channel_send_buckets WHERE key = ?');
  const write = sqlite.prepare<[string, number, number, number]>(
    `INSERT INTO channel_send_buckets (key, tokens, updated_at, full_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at, full_at = excluded.full_at`,
  );
  const prune = sqlite.prepare<[number]>('DELETE FROM channel_send_buckets WHERE full_at <= ?');
  const load = (spec: BucketSpec, now: number): TokenBucket => {
    const row = read.get(spec.key);
    if (!row) return new TokenBucket(spec.perSecond, spec.burst, now);
    const updatedAt = row.updated_at - now > MAX_CLOCK_SKEW_MS ? now : row.updated_at;
    return TokenBucket.restore(spec.perSecond, spec.burst, { tokens: row.tokens, updatedAt });
  };
  const save = (spec: BucketSpec, bucket: TokenBucket) => {
    const { tokens, updatedAt } = bucket.state;
    write.run(spec.key, tokens, updatedAt, bucket.fullAt());
  };
  const take = sqlite.transaction((specs: BucketSpec[], now: number, pruneBefore: number | null): number => {
    if (pruneBefore !== null) prune.run(pruneBefore);
    let waitMs = 0;
    for (const spec of specs) {
      const bucket = load(spec, now);
      waitMs = Math.max(waitMs, bucket.reserve(now));
      save(spec, bucket);
    }
    return waitMs;
  });
  // A refund adds the token back without counting the bucket forward (as the bucket in memory did);
  // a row already pruned was full, so there is nothing to give back.
  const refund = sqlite.transaction((specs: BucketSpec[]) => {
    for (const spec of specs) {
      const row = read.get(spec.key);
      if (!row) continue;
      const bucket = TokenBucket.restore(spec.perSecond, spec.burst, { tokens: row.tokens, updatedAt: row.updated_at });
      bucket.refund();
      save(spec, bucket);
    }
  });
  return { take, refund };
}

export class SqlChannelThrottle implements ChannelThrottle {
  private lastPruneAt = -Infinity;
  /** Prepared on first use: the throttle may be created before the migrations have run. */
  private transactions?: ReturnType<typeof bucketTransactions>;

  constructor(private readonly sqlite: Database.Database) {}

  reserve(channelId: string, limit: RateLimit, conversation: string, now: number): ThrottleSlot {
    const transactions = (this.transactions ??= bucketTransactions(this.sqlite));
    const specs = bucketsFor(channelId, limit, conversation);
    const pruneBefore = now - this.lastPruneAt >= PRUNE_EVERY_MS ? now : null;
    if (pruneBefore !== null) this.lastPruneAt = now;
    const waitMs = transactions.take.immediate(specs, now, pruneBefore);
    let cancelled = false;
    return {
      waitMs,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        transactions.refund.immediate(specs);
      },
    };
  }
}
