// Users (agents, supervisors, admins): admins add or invite them and set roles; people sign in with
// POST /auth/login. A user's id is what cases are assigned to.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { inviteMail, sendAccountMail } from '../../accounts/account-mail';
import { issueToken } from '../../accounts/one-time-tokens';
import { emailInUse, getUser, insertUser, listUsers, updateUser, userView } from '../../accounts/user-store';
import { ParleyError, notFound } from '../../errors';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import { logLine, NewPassword, RoleSchema, UserSchema, type AuthRouteDeps } from './auth-deps';

const tags = ['Users'];

const exists = (email: string) =>
  new ParleyError(409, 'user_exists', `A user with the email ${email} already exists.`, [{ path: 'email', message: 'already in use' }]);

const UserPatch = z
  .object({ name: z.string().min(1).max(200).optional(), role: RoleSchema.optional(), password: NewPassword.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' });

const InviteSchema = z.object({
  id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, expiresAt: z.string(),
  acceptUrl: z.string().openapi({ description: 'The one-time link that was mailed (share it another way when the mail did not go out).' }),
  mail: z.object({ sent: z.boolean(), reason: z.string().nullable().openapi({ description: 'Why the mail did not go out (no SMTP server, or its refusal).' }) }),
}).openapi('UserInvite');

export function userRoutes(deps: AuthRouteDeps) {
  const { db } = deps;
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/users', tags, summary: 'Add a user',
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), name: z.string().min(1).max(200), role: RoleSchema, password: NewPassword }) } }, required: true } },
      responses: { 201: json(UserSchema, 'Created'), ...problemResponses(400, 401, 403, 409) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const body = c.req.valid('json');
      const email = body.email.toLowerCase();
      if (emailInUse(db, principal.accountId, email)) throw exists(email);
      return c.json(userView(insertUser(db, { ...body, email, accountId: principal.accountId })), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/users/invite', tags, summary: 'Invite a user by email',
      description: 'Mails a one-time link (valid seven days) through the account\'s SMTP server; following it, the person chooses a password and is signed in '
        + 'with the given role. The answer says whether the mail went out and carries the link, to share another way if not.',
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), name: z.string().min(1).max(200), role: RoleSchema }) } }, required: true } },
      responses: { 201: json(InviteSchema, 'Invitation made'), ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const body = c.req.valid('json');
      const email = body.email.toLowerCase();
      if (emailInUse(db, principal.accountId, email)) throw exists(email);
      const { token, row } = issueToken(db, {
        purpose: 'invite', accountId: principal.accountId, email, name: body.name, role: body.role, createdBy: principal.userId ?? principal.keyId,
      });
      const acceptUrl = `${deps.publicUrl}/accept-invite?token=${encodeURIComponent(token)}`;
      const inviter = principal.userId ? getUser(db, principal.accountId, principal.userId)?.name : undefined;
      const mail = await sendAccountMail(db, deps.box, principal.accountId, inviteMail(email, body.name, inviter ?? 'Your Parley administrator', acceptUrl));
      logLine(deps, `invitation made email=${email} role=${body.role} by=${principal.userId ?? principal.keyId} ${mail.sent ? 'mailed' : `not mailed: ${mail.reason}`}`);
      return c.json({
        id: row.id, email, name: body.name, role: body.role, expiresAt: new Date(row.expiresAt).toISOString(), acceptUrl,
        mail: { sent: mail.sent, reason: mail.sent ? null : mail.reason },
      }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/users', tags, summary: 'List users',
      responses: { 200: json(z.object({ items: z.array(UserSchema) }), 'Users of this account'), ...problemResponses(401) },
    }),
    (c) => c.json({ items: listUsers(db, c.get('principal').accountId).map(userView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/users/{id}', tags, summary: "Change a user's name, role or password (admins; anyone for their own name and password)",
      request: { params: IdParam('User'), body: { content: { 'application/json': { schema: UserPatch } }, required: true } },
      responses: { 200: json(UserSchema, 'The updated user'), ...problemResponses(400, 401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (principal.userId !== id || body.role !== undefined) requireRole(principal, 'admin');
      const row = updateUser(db, principal.accountId, id, body);
      if (!row) throw notFound('user', id);
      return c.json(userView(row), 200);
    },
  );

  return app;
}
