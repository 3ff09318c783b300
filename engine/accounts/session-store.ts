// Sign-in sessions: api_keys rows with a userId and an expiry, acting as that user (their role).
// The token is shown once (to the client, or in the session cookie); only its sha256 is stored.
import { and, asc, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { accounts, apiKeys } from '../db/schema';
import { newId } from '../ids';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../security/api-keys';
import type { UserRow } from './user-store';

/** How long a sign-in lasts. */
export const SESSION_MS = 12 * 3_600_000;

export function createSession(db: Db, user: UserRow, now = Date.now()): { token: string; keyId: string; expiresAt: number } {
  const token = generateApiKey();
  const keyId = newId('ses', now);
  db.insert(apiKeys).values({
    id: keyId, accountId: user.accountId, name: 'session', keyHash: hashApiKey(token), prefix: apiKeyPrefix(token),
    role: user.role, userId: user.id, expiresAt: now + SESSION_MS, createdAt: now,
  }).run();
  return { token, keyId, expiresAt: now + SESSION_MS };
}

/** A key or session that has not been revoked (it may have expired: the caller checks). */
export const findLiveKey = (db: Db, token: string) =>
  db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, hashApiKey(token)), isNull(apiKeys.revokedAt))).get();

export const firstAccountId = (db: Db) => db.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.createdAt)).get()?.id;

export function endSession(db: Db, accountId: string, keyId: string) {
  db.update(apiKeys).set({ revokedAt: Date.now() }).where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt))).run();
}

/** Ends every session of a user except `keepKeyId` (the one changing the password); returns how many. */
export function endUserSessions(db: Db, userId: string, keepKeyId?: string): number {
  return db.update(apiKeys).set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.userId, userId), isNotNull(apiKeys.userId), isNull(apiKeys.revokedAt), ...(keepKeyId ? [ne(apiKeys.id, keepKeyId)] : [])))
    .run().changes;
}
