// Signing in: a user's email and password open a session that acts as that user (their role) until
// it expires or they sign out — a bearer token, or in the browser the parley_session cookie.
// Failed attempts are throttled per email and per client address (engine/accounts/sign-in-throttle.ts).
// Integrations use API keys instead.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createSession, endSession, endUserSessions, SESSION_MS } from '../../accounts/session-store';
import { DEFAULT_THROTTLE, recordSignInAttempt, signInRetryAfter } from '../../accounts/sign-in-throttle';
import { getUser, updateUser, userView, usersByEmail, type UserRow } from '../../accounts/user-store';
import { voidTokensOf } from '../../accounts/one-time-tokens';
import { ParleyError } from '../../errors';
import { hashPassword, verifyPassword } from '../../security/passwords';
import { clearSessionCookies, clientAddress, setSessionCookies } from '../../security/session-cookies';
import type { AuthEnv } from '../auth';
import { ProblemSchema } from '../problem';
import { json, problemResponses } from '../schemas';
import { logLine, NewPassword, RoleSchema, SESSION_COOKIE_DOC, SessionMode, SignedInSchema, UserSchema, type AuthRouteDeps } from './auth-deps';

export { UserSchema, userView };

const tags = ['Sessions'];

// Verifying against a dummy hash when the email is unknown keeps the answer time the same, so the
// response does not reveal which emails have accounts.
let dummyHash: string | undefined;
const dummy = () => (dummyHash ??= hashPassword('not-a-real-password')); // made on first use, not at start-up

/** Opens a session for `user` and hands it over as `mode` says (cookie, token or both). */
export function signInAnswer(c: Context, deps: AuthRouteDeps, user: UserRow, mode: 'cookie' | 'token' | 'both' = 'both') {
  const session = createSession(deps.db, user);
  if (mode !== 'token') setSessionCookies(c, session.token, Math.floor(SESSION_MS / 1000), deps.cookies);
  return {
    ...(mode !== 'cookie' ? { token: session.token } : {}),
    expiresAt: new Date(session.expiresAt).toISOString(),
    user: userView(user),
  };
}

export const tooManyAttempts = {
  description: 'Too many failed attempts for this email or from this address: wait Retry-After seconds',
  headers: { 'Retry-After': { description: 'Seconds until signing in may be tried again', schema: { type: 'integer' as const } } },
  content: { 'application/problem+json': { schema: ProblemSchema } },
};

/** Public: POST /auth/login. Mounted before the authentication middleware. */
export function loginRoutes(deps: AuthRouteDeps) {
  const { db } = deps;
  const policy = deps.throttle ?? DEFAULT_THROTTLE;
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/login', tags, security: [],
      summary: 'Sign in with email and password',
      description: `Opens a session lasting ${SESSION_MS / 3_600_000} hours. ${SESSION_COOKIE_DOC} After ${policy.maxFailuresPerEmail} failed attempts for one email `
        + `(or ${policy.maxFailuresPerAddress} from one address) within ${policy.windowMs / 60_000} minutes, sign-in is refused with 429 for ${policy.lockoutMs / 60_000} minutes; `
        + 'a success clears the email\'s count.',
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), password: z.string().min(1).max(200), session: SessionMode }) } }, required: true } },
      responses: {
        200: json(SignedInSchema, 'Signed in'),
        ...problemResponses(400, 401),
        429: tooManyAttempts,
      },
    }),
    (c) => {
      const body = c.req.valid('json');
      const email = body.email.toLowerCase();
      const address = clientAddress(c, deps.cookies);
      const wait = signInRetryAfter(db, email, address, policy);
      if (wait > 0) {
        recordSignInAttempt(db, { email, address, outcome: 'locked' });
        logLine(deps, `sign-in refused (locked for ${wait}s) email=${email} address=${address}`);
        c.header('Retry-After', String(wait)); // kept on the problem answer the error handler writes
        throw new ParleyError(429, 'too_many_attempts', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}, or reset your password.`);
      }
      const matches = usersByEmail(db, email);
      const user = matches.find((u) => verifyPassword(body.password, u.passwordHash));
      if (!user) {
        if (matches.length === 0) verifyPassword(body.password, dummy());
        recordSignInAttempt(db, { email, address, outcome: 'failed' });
        logLine(deps, `sign-in failed email=${email} address=${address}`);
        throw new ParleyError(401, 'invalid_credentials', 'The email or password is not right.');
      }
      recordSignInAttempt(db, { email, address, outcome: 'succeeded', userId: user.id });
      logLine(deps, `sign-in succeeded email=${email} address=${address} user=${user.id}`);
      return c.json(signInAnswer(c, deps, user, body.session), 200);
    },
  );
  return app;
}

const MeSchema = z.object({
  accountId: z.string(),
  role: RoleSchema,
  keyId: z.string(),
  kind: z.enum(['bootstrap', 'user', 'apiKey']).openapi({ description: '`user`: a sign-in session; `apiKey`: an integration key; `bootstrap`: PARLEY_ADMIN_TOKEN.' }),
  user: z.union([UserSchema, z.null()]).openapi({ description: 'The signed-in user; null for an API key or the bootstrap token.' }),
}).openapi('Me');

/** Authenticated: who am I, signing out, changing one's password. */
export function sessionRoutes(deps: AuthRouteDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get', path: '/me', tags, summary: 'The signed-in user or API key',
      responses: { 200: json(MeSchema, 'Who this token is'), ...problemResponses(401) },
    }),
    (c) => {
      const p = c.get('principal');
      const user = p.userId ? getUser(db, p.accountId, p.userId) : undefined;
      return c.json({ accountId: p.accountId, role: p.role, keyId: p.keyId, kind: p.kind, user: user ? userView(user) : null }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/logout', tags, summary: 'Sign out: the session stops working',
      description: 'Ends the session (and clears the session cookies). An API key or the bootstrap token is not a session: the answer is 409 '
        + '`not_a_session` and the key keeps working (revoke keys with POST /api-keys/{id}/revoke).',
      responses: { 204: { description: 'Signed out' }, ...problemResponses(401, 403, 409) },
    }),
    (c) => {
      const p = c.get('principal');
      if (p.kind !== 'user') throw new ParleyError(409, 'not_a_session', 'This token is an API key, not a session: it stays valid. Revoke keys with POST /api/v1/api-keys/{id}/revoke.');
      endSession(db, p.accountId, p.keyId);
      clearSessionCookies(c, deps.cookies);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/me/password', tags, summary: 'Change your password',
      description: 'Checks the current password, sets the new one and ends every other session of the user (this one stays signed in). '
        + 'Only a signed-in user has a password: an API key gets 409 `not_a_user`.',
      request: { body: { content: { 'application/json': { schema: z.object({ current: z.string().min(1).max(200), new: NewPassword }) } }, required: true } },
      responses: {
        200: json(z.object({ endedSessions: z.number().int().openapi({ description: 'How many other sessions were signed out' }) }), 'Password changed'),
        ...problemResponses(400, 401, 403, 409),
      },
    }),
    (c) => {
      const p = c.get('principal');
      const body = c.req.valid('json');
      const user = p.kind === 'user' && p.userId ? getUser(db, p.accountId, p.userId) : undefined;
      if (!user) throw new ParleyError(409, 'not_a_user', 'Only a signed-in user has a password to change; this is an API key.');
      if (!verifyPassword(body.current, user.passwordHash)) {
        throw new ParleyError(400, 'wrong_password', 'The current password is not right.', [{ path: 'current', message: 'not your current password' }]);
      }
      updateUser(db, p.accountId, user.id, { password: body.new });
      voidTokensOf(db, 'password_reset', user.id);
      const endedSessions = endUserSessions(db, user.id, p.keyId);
      logLine(deps, `password changed user=${user.id} ended ${endedSessions} other session(s)`);
      return c.json({ endedSessions }, 200);
    },
  );
  return app;
}
