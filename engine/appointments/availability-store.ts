// Agents' availability rows, and which agents give a service (its listed users plus, when it names
// a skill, the agents whose availability lists that skill).
import { and, eq } from 'drizzle-orm';
import type { AgentAvailability, DayException, TimeOff, WeeklyHours } from '../../model/appointments/availability';
import type { Db } from '../db/open-database';
import { users } from '../db/schema';
import { agentAvailability } from '../db/schema-appointments';
import { ParleyError } from '../errors';
import type { ServiceRow } from './service-store';

export type AvailabilityRow = typeof agentAvailability.$inferSelect;

export interface AvailabilityInput {
  timeZone: string;
  weekly: WeeklyHours;
  exceptions: DayException[];
  timeOff: TimeOff[];
  skills: string[];
}

export function requireUser(db: Db, accountId: string, userId: string) {
  const user = db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.id, userId), eq(users.accountId, accountId))).get();
  if (!user) throw new ParleyError(404, 'user_not_found', `No user with id ${userId} in this account.`);
  return user;
}

export function getAvailability(db: Db, accountId: string, userId: string): AvailabilityRow | undefined {
  return db.select().from(agentAvailability).where(and(eq(agentAvailability.userId, userId), eq(agentAvailability.accountId, accountId))).get();
}

export function putAvailability(db: Db, accountId: string, userId: string, input: AvailabilityInput): AvailabilityRow {
  requireUser(db, accountId, userId);
  const row = { userId, accountId, ...input, updatedAt: Date.now() };
  return db.insert(agentAvailability).values(row)
    .onConflictDoUpdate({ target: agentAvailability.userId, set: { ...input, updatedAt: row.updatedAt } }).returning().get();
}

export const toAvailability = (row: AvailabilityRow): AgentAvailability => ({
  agentId: row.userId, timeZone: row.timeZone, weekly: row.weekly, exceptions: row.exceptions, timeOff: row.timeOff,
});

/** Availability of every agent who gives the service, in the service's order (listed users first). */
export function serviceAgents(db: Db, service: ServiceRow): AgentAvailability[] {
  const rows = db.select().from(agentAvailability).where(eq(agentAvailability.accountId, service.accountId)).all();
  const byId = new Map(rows.map((r) => [r.userId, r]));
  const ids = [...service.agentIds];
  if (service.skill) for (const r of rows) if (r.skills.includes(service.skill) && !ids.includes(r.userId)) ids.push(r.userId);
  return ids.flatMap((id) => (byId.has(id) ? [toAvailability(byId.get(id)!)] : []));
}
