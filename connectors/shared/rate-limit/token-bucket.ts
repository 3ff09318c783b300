// A token bucket: `burst` tokens at most, refilled continuously at `perSecond`. Tokens may be
// reserved ahead (the count goes negative), so concurrent senders queue up in arrival order
// instead of all waking at the same instant.
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

  private refill(now: number) {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
      this.updatedAt = now;
    }
  }

  /** How long (ms) until one token is available, without taking it. */
  waitFor(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
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

  /** True when the bucket is full again: it holds no information worth keeping. */
  isIdle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }
}
