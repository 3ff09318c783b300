// A token bucket: `burst` tokens at most, refilled continuously at `perSecond`. Tokens may be
// reserved ahead (the count goes negative), so concurrent senders queue up in arrival order
// instead of all waking at the same instant. Pure arithmetic: the state (tokens at updatedAt) is
// kept by the caller — in the database for the channel throttle (sql-channel-throttle.ts).
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    now: number,
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new Error(`A token bucket needs perSecond > 0 and burst ≥ 1 (got ${perSecond}, ${burst}).`);
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** A bucket as it was stored: `tokens` counted at `updatedAt`. */
  static restore(perSecond: number, burst: number, state: { tokens: number; updatedAt: number }): TokenBucket {
    const bucket = new TokenBucket(perSecond, burst, state.updatedAt);
    bucket.tokens = Math.min(burst, state.tokens);
    return bucket;
  }

  /** What to store to restore this bucket later. */
  get state(): { tokens: number; updatedAt: number } {
    return { tokens: this.tokens, updatedAt: this.updatedAt };
  }

  private refill(now: number) {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
      this.updatedAt = now;
    }
  }

  /**
   * How long (ms) until one token is available, without taking it. Counted from the bucket's own
   * time: when another process has already counted the bucket a little later than `now` (its clock
   * read came after ours), the wait includes that difference, so no token is used early.
   */
  waitFor(now: number): number {
    this.refill(now);
    const tokenAt = this.updatedAt + (this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.perSecond) * 1000);
    return Math.max(0, Math.ceil(tokenAt - now));
  }

  /** Takes one token; returns how long (ms) the caller must wait before using it (0 = now). */
  reserve(now: number): number {
    const wait = this.waitFor(now);
    this.tokens -= 1;
    return wait;
  }

  /** Gives back a reserved token the caller will not use. */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** When (ms) the bucket is full again, left alone: from then on it holds nothing a new bucket would not. */
  fullAt(): number {
    return this.updatedAt + Math.max(0, Math.ceil(((this.burst - this.tokens) / this.perSecond) * 1000));
  }

  /** True when the bucket is full again: it holds no information worth keeping. */
  isIdle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }
}
