// Campaign pacing: messages per second, exactly. The bucket holds at most one token, so there are no
// bursts: counted from an anchor (when sending started or resumed), message k (0-based) may go at
// anchor + k/rate seconds, and never earlier. The schedule carries across batches (the workflow keeps
// the anchor and the count; it sleeps durably until a batch's first slot) and across continue-as-new.
export interface Pacing {
  /** ms since epoch sending (re)started. */
  anchorMs: number;
  /** Messages sent since the anchor. */
  sent: number;
}

/** When message number `sent + i` may go; with no rate (throttle off), now. */
export function slotAt(pacing: Pacing, ratePerSecond: number | null, i = 0): number {
  if (!ratePerSecond) return pacing.anchorMs;
  return pacing.anchorMs + Math.ceil(((pacing.sent + i) * 1000) / ratePerSecond);
}

/** Recipients per send activity: about ten seconds of sending at the rate, 1 to 500. */
export function batchSizeFor(ratePerSecond: number | null, max = 500): number {
  if (!ratePerSecond) return max;
  return Math.max(1, Math.min(max, Math.round(ratePerSecond * 10)));
}

/** Pacing after `n` more sends. */
export const advance = (pacing: Pacing, n: number): Pacing => ({ anchorMs: pacing.anchorMs, sent: pacing.sent + n });

/** Seconds left for `remaining` messages at the rate (or at the observed rate when the throttle is off). */
export function secondsLeft(remaining: number, ratePerSecond: number | null, observedPerSecond: number): number | null {
  const rate = ratePerSecond ?? (observedPerSecond > 0 ? observedPerSecond : null);
  if (remaining === 0) return 0;
  return rate ? Math.ceil(remaining / rate) : null;
}
