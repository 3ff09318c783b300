// Users of an account: the SQL the users, sessions and invitation routes need.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { users } from '../db/schema';
import { newId } from '../ids';
import { hashPassword } from '../security/passwords';

export type UserRow = typeof users.$inferSelect;
export type Role = UserRow['role'];

export const userView = (u: UserRow) => ({
  id: u.id, email: u.email, name: u.name, role: u.role, createdAt: new Date(u.createdAt).toISOString(),
});

/** Every user with this email, across accounts (an email is unique within one account only). */
export const usersByEmail = (db: Db, email: string) => db.select().from(users).where(eq(users.email, email.toLowerCase())).all();

export const getUser = (db: Db, accountId: string, id: string) =>
  db.select().from(users).where(and(eq(users.id, id), eq(users.accountId, accountId))).get();

export const listUsers = (db: Db, accountId: string) =>
  db.select().from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.id)).all();

export const emailInUse = (db: Db, accountId: string, email: string) =>
  Boolean(db.select({ id: users.id }).from(users).where(and(eq(users.accountId, accountId), eq(users.email, email.toLowerCase()))).get());

export function insertUser(db: Db, u: { accountId: string; email: string; name: string; role: Role; password: string }): UserRow {
  return db.insert(users).values({
    id: newId('usr'), accountId: u.accountId, email: u.email.toLowerCase(), name: u.name, role: u.role,
    passwordHash: hashPassword(u.password), createdAt: Date.now(),
  }).returning().get();
}

/** Applies the given fields; undefined when the user is not in this account. */
export function updateUser(db: Db, accountId: string, id: string, patch: { name?: string; role?: Role; password?: string }): UserRow | undefined {
  return db.update(users).set({
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.role !== undefined ? { role: patch.role } : {}),
    ...(patch.password !== undefined ? { passwordHash: hashPassword(patch.password) } : {}),
  }).where(and(eq(users.id, id), eq(users.accountId, accountId))).returning().get();
}
