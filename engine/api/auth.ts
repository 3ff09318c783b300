// Authentication: a Bearer token — an API key (stored hashed, scoped to one account with a role), a
// sign-in session's token, or the bootstrap PARLEY_ADMIN_TOKEN (an admin of the first account) —
// or, from the console in a browser, the `parley_session` cookie. Cookie-authenticated writes must
// carry the X-CSRF-Token header (engine/security/session-cookies.ts); Bearer requests need not,
// since a browser never attaches an Authorization header on its own.
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import { findLiveKey, firstAccountId } from '../accounts/session-store';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { CSRF_COOKIE, CSRF_HEADER, csrfHeaderMatches, sessionCookie } from '../security/session-cookies';

export type Role = 'admin' | 'supervisor' | 'agent';
/** bootstrap: PARLEY_ADMIN_TOKEN; user: a sign-in session; apiKey: an integration key. */
export type PrincipalKind = 'bootstrap' | 'user' | 'apiKey';
export interface Principal {
  accountId: string;
  role: Role;
  keyId: string;
  kind: PrincipalKind;
  /** The signed-in user, for a sign-in session; absent for API keys and the bootstrap token. */
  userId?: string;
  /** How the credential came: the Authorization header or the session cookie. */
  via: 'bearer' | 'cookie';
}
export type AuthEnv = { Variables: { principal: Principal } };

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(db: Db, adminToken?: string) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      const token = sessionCookie(c);
      if (!token) throw new ParleyError(401, 'unauthenticated', 'Sign in, or send an API key as "Authorization: Bearer <key>".');
      const key = findLiveKey(db, token);
      if (!key || !key.userId) throw new ParleyError(401, 'session_expired', 'The session has ended: sign in again.');
      if (key.expiresAt !== null && key.expiresAt <= Date.now()) throw new ParleyError(401, 'session_expired', 'The session has expired: sign in again.');
      if (!SAFE_METHODS.has(c.req.method) && !csrfHeaderMatches(c, token)) {
        throw new ParleyError(403, 'csrf_failed', `A change made with the session cookie must send the ${CSRF_HEADER} header holding the ${CSRF_COOKIE} cookie's value; reload the page and try again.`);
      }
      c.set('principal', { accountId: key.accountId, role: key.role, keyId: key.id, kind: 'user', userId: key.userId, via: 'cookie' });
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ParleyError(401, 'unauthenticated', 'Send an API key as "Authorization: Bearer <key>".');
    const token = match[1]!;
    if (adminToken && safeEqual(token, adminToken)) {
      const accountId = firstAccountId(db);
      if (!accountId) throw new ParleyError(503, 'not_bootstrapped', 'No account exists yet.');
      c.set('principal', { accountId, role: 'admin', keyId: 'bootstrap', kind: 'bootstrap', via: 'bearer' });
      return next();
    }
    const key = findLiveKey(db, token);
    if (!key) throw new ParleyError(401, 'invalid_api_key', 'The API key is not valid or was revoked.');
    if (key.expiresAt !== null && key.expiresAt <= Date.now()) {
      throw new ParleyError(401, 'session_expired', 'The session has expired: sign in again.');
    }
    c.set('principal', {
      accountId: key.accountId, role: key.role, keyId: key.id, kind: key.userId ? 'user' : 'apiKey', userId: key.userId ?? undefined, via: 'bearer',
    });
    return next();
  });
}

export function requireRole(principal: Principal, role: Role) {
  if (RANK[principal.role] < RANK[role]) {
    throw new ParleyError(403, 'forbidden', `This action needs the ${role} role; the key has ${principal.role}.`);
  }
}
