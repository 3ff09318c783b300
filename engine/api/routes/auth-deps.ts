// What the sign-in, session, password and invitation routes need.
import { z } from '@hono/zod-openapi';
import type { ThrottlePolicy } from '../../accounts/sign-in-throttle';
import type { Db } from '../../db/open-database';
import type { CookiePolicy } from '../../security/session-cookies';
import type { SecretBox } from '../../security/secret-box';

export interface AuthRouteDeps {
  db: Db;
  /** Opens the account's SMTP password (account mail). */
  box: SecretBox;
  /** Where links in mails point (PARLEY_PUBLIC_URL): never taken from the request's Host header. */
  publicUrl: string;
  cookies: CookiePolicy;
  throttle?: ThrottlePolicy;
  /** One line per sign-in attempt, reset and invitation (never a password or a token). */
  log?: (line: string) => void;
}

export const logLine = (deps: AuthRouteDeps, line: string) => (deps.log ?? ((l: string) => console.log(l)))(`[accounts] ${line}`);

export const RoleSchema = z.enum(['admin', 'supervisor', 'agent']);
export const NewPassword = z.string().min(10, 'at least 10 characters').max(200);

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, createdAt: z.string() })
  .openapi('User');

export const SessionMode = z.enum(['cookie', 'token', 'both']).optional().openapi({
  description: 'How the session is handed over: `cookie` sets the httpOnly parley_session cookie (and the parley_csrf cookie) and leaves '
    + '`token` out of the answer (the console); `token` only answers the bearer token; `both` (the default) does both.',
});

export const SignedInSchema = z.object({
  token: z.string().optional().openapi({ description: 'The session token for "Authorization: Bearer <token>"; absent with session "cookie".' }),
  expiresAt: z.string(),
  user: UserSchema,
}).openapi('SignedIn');

export const SESSION_COOKIE_DOC = 'With session `cookie` or `both`, sets `parley_session` (httpOnly, SameSite=Lax, Path=/, Secure over TLS, '
  + 'Max-Age = the session lifetime) and `parley_csrf` (readable; echo it as the X-CSRF-Token header on cookie-authenticated writes).';
