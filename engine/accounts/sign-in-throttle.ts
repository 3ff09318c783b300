// Sign-in throttling: too many failed attempts for one email, or from one client address, within a
// window lock further attempts out for a while. A success clears the email's count (not the
// address's: one valid account must not reset an attacker's address). Refusals during a lockout are
// logged as `locked` and do not extend it.
import { and, count, desc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { signInAttempts, type SignInOutcome } from '../db/schema-accounts';
import { newId } from '../ids';

export interface ThrottlePolicy {
  maxFailuresPerEmail: number;
  /** Higher than per email: several people may share one office address. */
  maxFailuresPerAddress: number;
  windowMs: number;
  lockoutMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailuresPerEmail: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 };

type Column = typeof signInAttempts.email | typeof signInAttempts.address;

/** Ms until `column = value` may try again, or 0. */
function lockedFor(db: Db, column: Column, value: string, max: number, policy: ThrottlePolicy, now: number, sinceSuccess: boolean): number {
  let since = now - policy.windowMs;
  if (sinceSuccess) {
    const success = db.select({ at: signInAttempts.createdAt }).from(signInAttempts)
      .where(and(eq(column, value), eq(signInAttempts.outcome, 'succeeded'), gt(signInAttempts.createdAt, since)))
      .orderBy(desc(signInAttempts.createdAt)).limit(1).get();
    if (success) since = success.at;
  }
  const failed = and(eq(column, value), eq(signInAttempts.outcome, 'failed'), gt(signInAttempts.createdAt, since));
  const n = db.select({ n: count() }).from(signInAttempts).where(failed).get()?.n ?? 0;
  if (n < max) return 0;
  const last = db.select({ at: signInAttempts.createdAt }).from(signInAttempts).where(failed).orderBy(desc(signInAttempts.createdAt)).limit(1).get();
  return Math.max(0, (last?.at ?? now) + policy.lockoutMs - now);
}

/** Seconds to wait before trying again (0: go ahead). */
export function signInRetryAfter(db: Db, email: string, address: string, policy = DEFAULT_THROTTLE, now = Date.now()): number {
  const ms = Math.max(
    lockedFor(db, signInAttempts.email, email, policy.maxFailuresPerEmail, policy, now, true),
    lockedFor(db, signInAttempts.address, address, policy.maxFailuresPerAddress, policy, now, false),
  );
  return Math.ceil(ms / 1000);
}

/** The log of attempts is kept this long (an audit trail; throttling needs only the last window). */
export const ATTEMPT_RETENTION_MS = 90 * 24 * 3_600_000;

export function recordSignInAttempt(db: Db, a: { email: string; address: string; outcome: SignInOutcome; userId?: string }, now = Date.now()) {
  db.insert(signInAttempts).values({ id: newId('sia', now), email: a.email, address: a.address, outcome: a.outcome, userId: a.userId ?? null, createdAt: now }).run();
  // A success is a quiet moment to trim the log.
  if (a.outcome === 'succeeded') db.delete(signInAttempts).where(lt(signInAttempts.createdAt, now - ATTEMPT_RETENTION_MS)).run();
}
