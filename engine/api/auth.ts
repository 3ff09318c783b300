// Bearer authentication: an API key (stored hashed, scoped to one account with a role), or the
// bootstrap PARLEY_ADMIN_TOKEN, which acts as an admin key of the first account.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open-database';
import { accounts, apiKeys } from '../db/schema';
import { ParleyError } from '../errors';
import { hashApiKey } from '../security/api-keys';

export type Role = 'admin' | 'supervisor' | 'agent';
export interface Principal {
  accountId: string;
  role: Role;
  keyId: string;
  /** The signed-in user, for a login session; absent for integration API keys. */
  userId?: string;
}
export type AuthEnv = { Variables: { principal: Principal } };

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(db: Db, adminToken?: string) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ParleyError(401, 'unauthenticated', 'Send an API key as "Authorization: Bearer <key>".');
    const token = match[1];
    if (adminToken && safeEqual(token, adminToken)) {
      const first = db.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.createdAt)).get();
      if (!first) throw new ParleyError(503, 'not_bootstrapped', 'No account exists yet.');
      c.set('principal', { accountId: first.id, role: 'admin', keyId: 'bootstrap' });
      return next();
    }
    const key = db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, hashApiKey(token)), isNull(apiKeys.revokedAt))).get();
    if (!key) throw new ParleyError(401, 'invalid_api_key', 'The API key is not valid or was revoked.');
    if (key.expiresAt !== null && key.expiresAt <= Date.now()) {
      throw new ParleyError(401, 'session_expired', 'The session has expired: sign in again.');
    }
    c.set('principal', { accountId: key.accountId, role: key.role, keyId: key.id, userId: key.userId ?? undefined });
    return next();
  });
}

export function requireRole(principal: Principal, role: Role) {
  if (RANK[principal.role] < RANK[role]) {
    throw new ParleyError(403, 'forbidden', `This action needs the ${role} role; the key has ${principal.role}.`);
  }
}
