// Signing in: a user's email and password open a session — a bearer token that acts as that user
// (their role) until it expires or they sign out. Integrations use API keys instead.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { apiKeys, users } from '../../db/schema';
import { ParleyError } from '../../errors';
import { newId } from '../../ids';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../../security/api-keys';
import { hashPassword, verifyPassword } from '../../security/passwords';
import type { AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';

const SESSION_MS = 12 * 3_600_000;
const tags = ['Sessions'];

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'supervisor', 'agent']), createdAt: z.string() })
  .openapi('User');

export const userView = (u: typeof users.$inferSelect) => ({
  id: u.id, email: u.email, name: u.name, role: u.role, createdAt: new Date(u.createdAt).toISOString(),
});

// Verifying against a dummy hash when the email is unknown keeps the answer time the same, so the
// response does not reveal which emails have accounts.
let dummyHash: string | undefined;
const dummy = () => (dummyHash ??= hashPassword('not-a-real-password')); // made on first use, not at start-up

/** Public: POST /auth/login. Mounted before the bearer-auth middleware. */
export function loginRoutes(db: Db) {
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/login', tags, summary: 'Sign in with email and password', security: [],
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), password: z.string().min(1).max(200) }) } }, required: true } },
      responses: {
        200: json(z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema }), 'Signed in: send the token as "Authorization: Bearer <token>"'),
        ...problemResponses(400, 401),
      },
    }),
    (c) => {
      const { email, password } = c.req.valid('json');
      const matches = db.select().from(users).where(eq(users.email, email.toLowerCase())).all();
      const user = matches.find((u) => verifyPassword(password, u.passwordHash));
      if (!user) {
        if (matches.length === 0) verifyPassword(password, dummy());
        throw new ParleyError(401, 'invalid_credentials', 'The email or password is not right.');
      }
      const token = generateApiKey();
      const now = Date.now();
      db.insert(apiKeys).values({
        id: newId('ses', now), accountId: user.accountId, name: 'session', keyHash: hashApiKey(token), prefix: apiKeyPrefix(token),
        role: user.role, userId: user.id, expiresAt: now + SESSION_MS, createdAt: now,
      }).run();
      return c.json({ token, expiresAt: new Date(now + SESSION_MS).toISOString(), user: userView(user) }, 200);
    },
  );
  return app;
}

/** Authenticated: who am I, and signing out. */
export function sessionRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'get', path: '/me', tags, summary: 'The signed-in user or API key',
      responses: {
        200: json(z.object({ accountId: z.string(), role: z.string(), keyId: z.string(), user: UserSchema.nullable() }), 'Who this token is'),
        ...problemResponses(401),
      },
    }),
    (c) => {
      const p = c.get('principal');
      const user = p.userId ? db.select().from(users).where(eq(users.id, p.userId)).get() : undefined;
      return c.json({ accountId: p.accountId, role: p.role, keyId: p.keyId, user: user ? userView(user) : null }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/auth/logout', tags, summary: 'Sign out: the session token stops working',
      responses: { 204: { description: 'Signed out' }, ...problemResponses(401) },
    }),
    (c) => {
      const p = c.get('principal');
      if (!p.userId) throw new ParleyError(400, 'not_a_session', 'This token is an API key, not a session; revoke keys with /api-keys/{id}/revoke.');
      db.update(apiKeys).set({ revokedAt: Date.now() }).where(and(eq(apiKeys.id, p.keyId), eq(apiKeys.accountId, p.accountId))).run();
      return c.body(null, 204);
    },
  );
  return app;
}
