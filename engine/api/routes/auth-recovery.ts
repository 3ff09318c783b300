// Public account recovery and joining: asking for a password-reset link by email, setting a new
// password with it, and accepting an invitation (which creates the user and signs them in). The
// links carry one-time tokens (engine/accounts/one-time-tokens.ts).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { resetMail, sendAccountMail } from '../../accounts/account-mail';
import { consumeToken, issueToken, lastIssuedAt, peekToken, voidTokensOf } from '../../accounts/one-time-tokens';
import { endUserSessions } from '../../accounts/session-store';
import { emailInUse, getUser, insertUser, updateUser, usersByEmail } from '../../accounts/user-store';
import { ParleyError } from '../../errors';
import { json, problemResponses } from '../schemas';
import { logLine, NewPassword, RoleSchema, SESSION_COOKIE_DOC, SessionMode, SignedInSchema, type AuthRouteDeps } from './auth-deps';
import { signInAnswer } from './sessions';

const tags = ['Sessions'];
/** A reset link per user per minute at most, so the endpoint cannot flood someone's mailbox. */
const RESEND_AFTER_MS = 60_000;
const Token = z.string().min(10).max(200);
const badLink = () => new ParleyError(400, 'invalid_token', 'This link has expired or was already used. Ask for a new one.', [{ path: 'token', message: 'expired or already used' }]);

export function recoveryRoutes(deps: AuthRouteDeps) {
  const { db } = deps;
  const app = new OpenAPIHono();

  app.openapi(
    createRoute({
      method: 'post', path: '/auth/password-reset', tags, security: [], summary: 'Email a password-reset link',
      description: 'Always answers 202, whether or not a user has the email (the answer does not reveal which emails have accounts). When one does, '
        + 'a link to /reset-password?token=… is mailed through the account\'s SMTP server; it works once, for one hour, and earlier links stop working. At most one link a minute is sent per user.',
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email() }) } }, required: true } },
      responses: { 202: json(z.object({ status: z.literal('accepted') }), 'If the email has an account, a link is on its way'), ...problemResponses(400) },
    }),
    (c) => {
      const email = c.req.valid('json').email.toLowerCase();
      for (const user of usersByEmail(db, email)) {
        const last = lastIssuedAt(db, 'password_reset', user.id);
        if (last !== undefined && Date.now() - last < RESEND_AFTER_MS) {
          logLine(deps, `password reset requested user=${user.id} not mailed: the last link went out less than a minute ago`);
          continue;
        }
        voidTokensOf(db, 'password_reset', user.id);
        const { token } = issueToken(db, { purpose: 'password_reset', accountId: user.accountId, userId: user.id, email, createdBy: 'self' });
        const link = `${deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
        // Not awaited: the answer must take the same time whether or not the email has an account.
        void sendAccountMail(db, deps.box, user.accountId, resetMail(user.email, link)).then((r) =>
          logLine(deps, `password reset requested user=${user.id} ${r.sent ? 'mailed' : `not mailed: ${r.reason}`}`));
      }
      return c.json({ status: 'accepted' as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/auth/password-reset/confirm', tags, security: [], summary: 'Set a new password with a reset link\'s token',
      description: 'Uses the token (once), sets the password and signs the user out everywhere; they then sign in with the new password.',
      request: { body: { content: { 'application/json': { schema: z.object({ token: Token, password: NewPassword }) } }, required: true } },
      responses: { 204: { description: 'Password set' }, ...problemResponses(400) },
    }),
    (c) => {
      const { token, password } = c.req.valid('json');
      const used = consumeToken(db, 'password_reset', token);
      const user = used?.userId ? getUser(db, used.accountId, used.userId) : undefined;
      if (!user) throw badLink();
      updateUser(db, user.accountId, user.id, { password });
      voidTokensOf(db, 'password_reset', user.id);
      const ended = endUserSessions(db, user.id);
      logLine(deps, `password reset user=${user.id} ended ${ended} session(s)`);
      return c.body(null, 204);
    },
  );

  const InviteView = z.object({ email: z.string(), name: z.string(), role: RoleSchema, expiresAt: z.string() }).openapi('InviteSummary');
  app.openapi(
    createRoute({
      method: 'get', path: '/auth/invite/{token}', tags, security: [], summary: 'Whom an invitation is for (the accept page shows it)',
      request: { params: z.object({ token: Token.openapi({ param: { name: 'token', in: 'path' } }) }) },
      responses: { 200: json(InviteView, 'A usable invitation'), ...problemResponses(400, 404) },
    }),
    (c) => {
      const row = peekToken(db, 'invite', c.req.valid('param').token);
      if (!row) throw new ParleyError(404, 'invite_not_found', 'This invitation has expired or was already used. Ask your administrator for a new one.');
      return c.json({ email: row.email, name: row.name ?? '', role: row.role ?? 'agent', expiresAt: new Date(row.expiresAt).toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/auth/invite/accept', tags, security: [], summary: 'Accept an invitation: choose a password and sign in',
      description: `Uses the invitation's token (once), creates the user with the invited email and role, and signs them in. ${SESSION_COOKIE_DOC}`,
      request: { body: { content: { 'application/json': { schema: z.object({ token: Token, password: NewPassword, name: z.string().min(1).max(200).optional(), session: SessionMode }) } }, required: true } },
      responses: { 201: json(SignedInSchema, 'The user was created and is signed in'), ...problemResponses(400, 409) },
    }),
    (c) => {
      const body = c.req.valid('json');
      const invite = consumeToken(db, 'invite', body.token);
      if (!invite) throw badLink();
      if (emailInUse(db, invite.accountId, invite.email)) {
        throw new ParleyError(409, 'user_exists', `A user with the email ${invite.email} already exists: sign in, or reset the password.`);
      }
      const user = insertUser(db, { accountId: invite.accountId, email: invite.email, name: body.name ?? invite.name ?? invite.email, role: invite.role ?? 'agent', password: body.password });
      logLine(deps, `invitation accepted user=${user.id} email=${user.email}`);
      return c.json(signInAnswer(c, deps, user, body.session), 201);
    },
  );

  return app;
}
