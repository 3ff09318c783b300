// One-time tokens mailed to people: a password reset (1 hour) or an invitation (7 days). The
// plaintext goes in the link only; the table keeps its sha256. Using a token marks it used in the
// same statement that finds it, so two concurrent uses cannot both succeed.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open-database';
import { oneTimeTokens, type OneTimeTokenPurpose } from '../db/schema-accounts';
import { newId } from '../ids';
import { hashApiKey } from '../security/api-keys';
import type { Role } from './user-store';

export const TOKEN_LIFETIME_MS: Record<OneTimeTokenPurpose, number> = { password_reset: 3_600_000, invite: 7 * 24 * 3_600_000 };

export type OneTimeTokenRow = typeof oneTimeTokens.$inferSelect;

export function issueToken(db: Db, t: {
  purpose: OneTimeTokenPurpose; accountId: string; email: string; createdBy: string; userId?: string; name?: string; role?: Role;
}, now = Date.now()): { token: string; row: OneTimeTokenRow } {
  const token = `pt_${randomBytes(32).toString('base64url')}`;
  const row = db.insert(oneTimeTokens).values({
    id: newId('ott', now), accountId: t.accountId, purpose: t.purpose, tokenHash: hashApiKey(token), userId: t.userId ?? null,
    email: t.email.toLowerCase(), name: t.name ?? null, role: t.role ?? null, createdBy: t.createdBy,
    expiresAt: now + TOKEN_LIFETIME_MS[t.purpose], createdAt: now,
  }).returning().get();
  return { token, row };
}

/** Marks the token used and returns it; undefined when unknown, already used, expired or for another purpose. */
export function consumeToken(db: Db, purpose: OneTimeTokenPurpose, token: string, now = Date.now()): OneTimeTokenRow | undefined {
  return db.update(oneTimeTokens).set({ usedAt: now })
    .where(and(eq(oneTimeTokens.tokenHash, hashApiKey(token)), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
    .returning().get();
}

/** A usable token without using it (the accept-invite page shows whom it is for). */
export const peekToken = (db: Db, purpose: OneTimeTokenPurpose, token: string, now = Date.now()) =>
  db.select().from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.tokenHash, hashApiKey(token)), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
    .get();

/** Earlier unused reset links of a user stop working when a new one is sent or the password changes. */
export function voidTokensOf(db: Db, purpose: OneTimeTokenPurpose, userId: string, now = Date.now()) {
  db.update(oneTimeTokens).set({ usedAt: now }).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt))).run();
}

/** When the user's last token of this purpose was made (reset requests are spaced out: no mail flood). */
export const lastIssuedAt = (db: Db, purpose: OneTimeTokenPurpose, userId: string): number | undefined =>
  db.select({ at: oneTimeTokens.createdAt }).from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose))).orderBy(desc(oneTimeTokens.createdAt)).limit(1).get()?.at;
