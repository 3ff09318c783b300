// Users (agents, supervisors, admins): admins add them and set roles; agents sign in with
// POST /auth/login. A user's id is what cases are assigned to.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { users } from '../../db/schema';
import { ParleyError, notFound } from '../../errors';
import { newId } from '../../ids';
import { hashPassword } from '../../security/passwords';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';
import { UserSchema, userView } from './sessions';

const tags = ['Users'];
const Role = z.enum(['admin', 'supervisor', 'agent']);
const Password = z.string().min(10, 'at least 10 characters').max(200);

export function userRoutes(db: Db) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/users', tags, summary: 'Add a user',
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.email(), name: z.string().min(1).max(200), role: Role, password: Password }) } }, required: true } },
      responses: { 201: json(UserSchema, 'Created'), ...problemResponses(400, 401, 403, 409) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const body = c.req.valid('json');
      const email = body.email.toLowerCase();
      if (db.select({ id: users.id }).from(users).where(and(eq(users.accountId, principal.accountId), eq(users.email, email))).get()) {
        throw new ParleyError(409, 'user_exists', `A user with the email ${email} already exists.`, [{ path: 'email', message: 'already in use' }]);
      }
      const row = db.insert(users).values({
        id: newId('usr'), accountId: principal.accountId, email, name: body.name, role: body.role, passwordHash: hashPassword(body.password), createdAt: Date.now(),
      }).returning().get();
      return c.json(userView(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/users', tags, summary: 'List users',
      responses: { 200: json(z.object({ items: z.array(UserSchema) }), 'Users of this account'), ...problemResponses(401) },
    }),
    (c) => c.json({ items: db.select().from(users).where(eq(users.accountId, c.get('principal').accountId)).orderBy(asc(users.id)).all().map(userView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/users/{id}', tags, summary: "Change a user's name, role or password (admins; anyone for their own name and password)",
      request: { params: IdParam('User'), body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1).max(200).optional(), role: Role.optional(), password: Password.optional() }) } }, required: true } },
      responses: { 200: json(UserSchema, 'The updated user'), ...problemResponses(400, 401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (principal.userId !== id || body.role !== undefined) requireRole(principal, 'admin');
      const row = db.update(users).set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.password !== undefined ? { passwordHash: hashPassword(body.password) } : {}),
      }).where(and(eq(users.id, id), eq(users.accountId, principal.accountId))).returning().get();
      if (!row) throw notFound('user', id);
      return c.json(userView(row), 200);
    },
  );

  return app;
}
