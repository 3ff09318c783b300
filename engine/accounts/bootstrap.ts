// First start: creates the first account, its admin user and an admin API key. The plaintext
// password and key are returned once (to be printed) and never stored.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open-database';
import { accounts, apiKeys, users } from '../db/schema';
import { newId } from '../ids';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../security/api-keys';
import { hashPassword } from '../security/passwords';

export interface BootstrapCredentials {
  accountId: string;
  email: string;
  password: string;
  apiKey: string;
}

export function bootstrap(db: Db, opts: { email?: string } = {}): BootstrapCredentials | null {
  const exists = () => Boolean(db.select({ id: accounts.id }).from(accounts).limit(1).get());
  if (exists()) return null; // every start but the first: skip the scrypt work below
  const now = Date.now();
  const accountId = newId('acct', now);
  const email = opts.email ?? 'admin@parley.local';
  const password = randomBytes(12).toString('base64url');
  const apiKey = generateApiKey();
  const passwordHash = hashPassword(password);
  // IMMEDIATE takes the write lock before the check, so two processes starting together on one
  // database create one account, not two.
  const created = db.transaction((tx) => {
    if (exists()) return false;
    tx.insert(accounts).values({ id: accountId, name: 'Default', createdAt: now }).run();
    tx.insert(users).values({ id: newId('usr', now), accountId, email, name: 'Administrator', passwordHash, role: 'admin', createdAt: now }).run();
    tx.insert(apiKeys).values({ id: newId('key', now), accountId, name: 'bootstrap admin key', keyHash: hashApiKey(apiKey), prefix: apiKeyPrefix(apiKey), role: 'admin', createdAt: now }).run();
    return true;
  }, { behavior: 'immediate' });
  return created ? { accountId, email, password, apiKey } : null;
}

/** Creates an API key directly in the database (tests and scripts; the API has its own route). */
export function createApiKey(db: Db, accountId: string, role: 'admin' | 'supervisor' | 'agent', name = 'api key'): string {
  const key = generateApiKey();
  db.insert(apiKeys).values({ id: newId('key'), accountId, name, keyHash: hashApiKey(key), prefix: apiKeyPrefix(key), role, createdAt: Date.now() }).run();
  return key;
}
