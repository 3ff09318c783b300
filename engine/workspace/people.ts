// Who a case's authors and actors are, by name: replies and audit events record the acting key's
// id (a user's sign-in session or an integration key); the workspace shows the person or key name.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { apiKeys, users } from '../db/schema';

export function namesOf(db: Db, accountId: string, ids: (string | null)[]): Record<string, string> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id) && id !== 'customer' && id !== 'system' && !id!.startsWith('rule:')))];
  if (wanted.length === 0) return {};
  const names: Record<string, string> = {};
  for (const u of db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.accountId, accountId), inArray(users.id, wanted))).all()) names[u.id] = u.name;
  const keys = db.select({ id: apiKeys.id, name: apiKeys.name, user: users.name }).from(apiKeys).leftJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.accountId, accountId), inArray(apiKeys.id, wanted))).all();
  for (const k of keys) names[k.id] = k.user ?? k.name;
  return names;
}
