// Integration API keys of an account (not sign-in sessions, which are rows of the same table).
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { apiKeys } from '../db/schema';
import { newId } from '../ids';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../security/api-keys';
import type { Role } from './user-store';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Creates a key; the plaintext is returned once and never stored. */
export function insertApiKey(db: Db, accountId: string, name: string, role: Role): { row: ApiKeyRow; key: string } {
  const key = generateApiKey();
  const row = db.insert(apiKeys).values({
    id: newId('key'), accountId, name, role, keyHash: hashApiKey(key), prefix: apiKeyPrefix(key), createdAt: Date.now(),
  }).returning().get();
  return { row, key };
}

export const listApiKeys = (db: Db, accountId: string) =>
  db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId)).orderBy(desc(apiKeys.id)).all();

export const revokeApiKey = (db: Db, accountId: string, id: string) =>
  db.update(apiKeys).set({ revokedAt: Date.now() }).where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId))).returning().get();
