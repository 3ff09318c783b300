// Reads routing works on: the account's queues, its agents (presence, skills, capacity) and their
// current loads, and the facts of one case. Used inside the routing transaction and by the API.
import { and, asc, eq, gt, inArray, ne, or } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { apiKeys, cases, channels, messages, rules, users } from '../db/schema';
import { agentPresence, agentSkills, caseAssignments, routingQueues, skills } from '../db/schema-routing';
import { CHANNEL_KINDS, DEFAULT_CAPACITY, type ChannelKind } from '../../model/routing/channel-kinds';
import type { AgentLoad, RoutingAgent } from '../../model/routing/agent';
import type { RoutingQueue } from '../../model/routing/queue';
import type { RoutingCase } from '../../model/routing/case-facts';

type Handle = Pick<Db, 'select'>;

export type QueueRow = typeof routingQueues.$inferSelect;

export function toRoutingQueue(row: QueueRow): RoutingQueue {
  return {
    id: row.id, name: row.name, priority: row.priority, filters: row.filters, skillId: row.skillId, strategy: row.strategy,
    offerTimeoutMs: row.offerTimeoutMs, wrapUpMs: row.wrapUpMs, isFallback: row.isFallback,
  };
}

export function readQueues(db: Handle, accountId: string): RoutingQueue[] {
  return db.select().from(routingQueues).where(eq(routingQueues.accountId, accountId)).orderBy(asc(routingQueues.id)).all().map(toRoutingQueue);
}

export function fullCapacity(partial: Partial<Record<ChannelKind, number>> | null | undefined): Record<ChannelKind, number> {
  const out = { ...DEFAULT_CAPACITY };
  for (const kind of CHANNEL_KINDS) if (typeof partial?.[kind] === 'number') out[kind] = partial[kind]!;
  return out;
}

/** Every user of the account as a routing agent; a user without a presence row is offline. */
export function readAgents(db: Handle, accountId: string): RoutingAgent[] {
  const rows = db.select({ id: users.id, name: users.name, presence: agentPresence })
    .from(users).leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .where(eq(users.accountId, accountId)).orderBy(asc(users.id)).all();
  const held = rows.length
    ? db.select().from(agentSkills).where(inArray(agentSkills.userId, rows.map((r) => r.id))).all()
    : [];
  return rows.map((r) => ({
    id: r.id, name: r.name,
    status: r.presence?.status ?? 'offline',
    statusChangedAt: r.presence?.changedAt ?? 0,
    skills: Object.fromEntries(held.filter((s) => s.userId === r.id).map((s) => [s.skillId, s.proficiency])),
    capacity: fullCapacity(r.presence?.capacity),
    lastAssignedAt: r.presence?.lastAssignedAt ?? null,
    lastAssignmentEndedAt: r.presence?.lastAssignmentEndedAt ?? null,
  }));
}

/** Loads per agent: offered and accepted assignments, plus released ones still in wrap-up. */
export function readLoads(db: Handle, accountId: string, now: number): Map<string, AgentLoad> {
  const rows = db.select({ agentId: caseAssignments.agentId, kind: caseAssignments.kind, state: caseAssignments.state })
    .from(caseAssignments)
    .where(and(eq(caseAssignments.accountId, accountId), or(ne(caseAssignments.state, 'released'), gt(caseAssignments.capacityFreeAt, now))))
    .all();
  const loads = new Map<string, AgentLoad>();
  for (const r of rows) {
    const load = loads.get(r.agentId) ?? { byKind: {}, active: 0 };
    load.byKind[r.kind] = (load.byKind[r.kind] ?? 0) + 1;
    if (r.state !== 'released') load.active++;
    loads.set(r.agentId, load);
  }
  return loads;
}

/** The case as routing sees it, with its customer's first messages for "text contains". */
export function readRoutingCase(db: Handle, caseId: string) {
  const row = db.select({ c: cases, channelType: channels.type, channelSkillId: channels.defaultSkillId })
    .from(cases).innerJoin(channels, eq(channels.id, cases.channelId)).where(eq(cases.id, caseId)).get();
  if (!row) return null;
  const texts = db.select({ text: messages.fallbackText }).from(messages)
    .where(and(eq(messages.caseId, caseId), eq(messages.direction, 'in'))).orderBy(asc(messages.id)).limit(20).all();
  const facts: RoutingCase = {
    id: row.c.id, channelId: row.c.channelId, channelType: row.channelType, skillId: row.c.skillId, channelSkillId: row.channelSkillId,
    tags: row.c.tags, customFields: row.c.customFields, text: texts.map((t) => t.text).join('\n'), priority: row.c.priority, createdAt: row.c.createdAt,
  };
  return { row: row.c, facts };
}

export function skillName(db: Handle, skillId: string | null): string | null {
  if (!skillId) return null;
  return db.select({ name: skills.name }).from(skills).where(eq(skills.id, skillId)).get()?.name ?? skillId;
}

export function userName(db: Handle, userId: string | null): string | null {
  if (!userId) return null;
  return db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? userId;
}

export const activeAssignment = (db: Handle, caseId: string) =>
  db.select().from(caseAssignments).where(and(eq(caseAssignments.caseId, caseId), ne(caseAssignments.state, 'released'))).get();


/** Who made a move, as the timeline names them: a person's name, a rule's name, or the key's name. */
export function actorName(db: Handle, actorId: string): string {
  if (actorId.startsWith('rule:')) {
    const rule = db.select({ name: rules.name }).from(rules).where(eq(rules.id, actorId.slice(5))).get();
    return `rule ${rule?.name ?? actorId.slice(5)}`;
  }
  const user = db.select({ name: users.name }).from(users).where(eq(users.id, actorId)).get();
  if (user) return user.name;
  const key = db.select({ name: apiKeys.name, userId: apiKeys.userId }).from(apiKeys).where(eq(apiKeys.id, actorId)).get();
  if (key?.userId) return userName(db, key.userId) ?? key.name;
  return key?.name ?? actorId;
}
