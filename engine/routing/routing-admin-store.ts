// Skills, queues, agents' skills and presence, and the account's routing settings: the rows admins
// and supervisors edit through the API. SQL only; the routes check roles and shapes.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { channels, users } from '../db/schema';
import { agentPresence, agentSkills, caseAssignments, caseRouting, routingQueues, routingSettings, skills } from '../db/schema-routing';
import { ParleyError, notFound } from '../errors';
import { newId } from '../ids';
import { EMPTY_FILTERS, type QueueFilters, type RoutingStrategy } from '../../model/routing/queue';
import type { AgentStatus } from '../../model/routing/agent';
import { CHANNEL_KINDS, type ChannelKind } from '../../model/routing/channel-kinds';
import { fullCapacity, readLoads } from './routing-reads';

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

// ---- skills
export type SkillRow = typeof skills.$inferSelect;
export const skillView = (s: SkillRow) => ({ id: s.id, name: s.name, description: s.description, createdAt: iso(s.createdAt)!, updatedAt: iso(s.updatedAt)! });

const nameTaken = (what: string, name: string) => new ParleyError(409, `${what}_exists`, `A ${what} named "${name}" already exists.`, [{ path: 'name', message: 'already in use' }]);

export function listSkills(db: Db, accountId: string) {
  return db.select().from(skills).where(eq(skills.accountId, accountId)).orderBy(asc(skills.name)).all().map(skillView);
}

export function getSkill(db: Db, accountId: string, id: string) {
  const row = db.select().from(skills).where(and(eq(skills.id, id), eq(skills.accountId, accountId))).get();
  if (!row) throw notFound('skill', id);
  return row;
}

export function createSkill(db: Db, accountId: string, body: { name: string; description?: string }) {
  if (db.select({ id: skills.id }).from(skills).where(and(eq(skills.accountId, accountId), eq(skills.name, body.name))).get()) throw nameTaken('skill', body.name);
  const now = Date.now();
  const row: SkillRow = { id: newId('skl', now), accountId, name: body.name, description: body.description ?? '', createdAt: now, updatedAt: now };
  db.insert(skills).values(row).run();
  return skillView(row);
}

export function updateSkill(db: Db, accountId: string, id: string, body: { name?: string; description?: string }) {
  const row = getSkill(db, accountId, id);
  if (body.name && body.name !== row.name && db.select({ id: skills.id }).from(skills).where(and(eq(skills.accountId, accountId), eq(skills.name, body.name))).get()) throw nameTaken('skill', body.name);
  const next = { ...row, ...body, updatedAt: Date.now() };
  db.update(skills).set(next).where(eq(skills.id, id)).run();
  return skillView(next);
}

/** Agents lose the skill (cascade); queues that needed it fall back to the case's skill. */
export function deleteSkill(db: Db, accountId: string, id: string) {
  getSkill(db, accountId, id);
  db.transaction((tx) => {
    tx.update(channels).set({ defaultSkillId: null }).where(and(eq(channels.accountId, accountId), eq(channels.defaultSkillId, id))).run();
    tx.delete(agentSkills).where(eq(agentSkills.skillId, id)).run();
    tx.update(routingQueues).set({ skillId: null }).where(eq(routingQueues.skillId, id)).run();
    tx.delete(skills).where(eq(skills.id, id)).run();
  });
}

export function setChannelSkill(db: Db, accountId: string, channelId: string, skillId: string | null) {
  if (skillId) getSkill(db, accountId, skillId);
  const res = db.update(channels).set({ defaultSkillId: skillId }).where(and(eq(channels.id, channelId), eq(channels.accountId, accountId))).run();
  if (res.changes === 0) throw notFound('channel', channelId);
}

// ---- queues
export type QueueRow = typeof routingQueues.$inferSelect;
export interface QueueInput {
  name: string;
  priority?: number;
  filters?: Partial<QueueFilters>;
  skillId?: string | null;
  strategy?: RoutingStrategy;
  offerTimeoutMs?: number | null;
  wrapUpMs?: number;
  isFallback?: boolean;
}

export const queueView = (q: QueueRow) => ({
  id: q.id, name: q.name, priority: q.priority, filters: { ...EMPTY_FILTERS, ...q.filters }, skillId: q.skillId, strategy: q.strategy,
  offerTimeoutMs: q.offerTimeoutMs, wrapUpMs: q.wrapUpMs, isFallback: q.isFallback, createdAt: iso(q.createdAt)!, updatedAt: iso(q.updatedAt)!,
});

export function listQueues(db: Db, accountId: string) {
  return db.select().from(routingQueues).where(eq(routingQueues.accountId, accountId)).orderBy(asc(routingQueues.name)).all().map(queueView);
}

export function getQueue(db: Db, accountId: string, id: string) {
  const row = db.select().from(routingQueues).where(and(eq(routingQueues.id, id), eq(routingQueues.accountId, accountId))).get();
  if (!row) throw notFound('queue', id);
  return row;
}

function checkQueue(db: Db, accountId: string, input: QueueInput, id: string | null) {
  if (input.skillId) getSkill(db, accountId, input.skillId);
  const clash = db.select({ id: routingQueues.id }).from(routingQueues).where(and(eq(routingQueues.accountId, accountId), eq(routingQueues.name, input.name))).get();
  if (clash && clash.id !== id) throw nameTaken('queue', input.name);
  if (input.isFallback) {
    const other = db.select({ id: routingQueues.id, name: routingQueues.name }).from(routingQueues)
      .where(and(eq(routingQueues.accountId, accountId), eq(routingQueues.isFallback, true))).get();
    if (other && other.id !== id) {
      throw new ParleyError(409, 'fallback_exists', `"${other.name}" is already the fallback queue: an account has one.`, [{ path: 'isFallback', message: 'another queue is the fallback' }]);
    }
  }
}

export function createQueue(db: Db, accountId: string, input: QueueInput) {
  checkQueue(db, accountId, input, null);
  const now = Date.now();
  const row: QueueRow = {
    id: newId('que', now), accountId, name: input.name, priority: input.priority ?? 0, filters: { ...EMPTY_FILTERS, ...input.filters },
    skillId: input.skillId ?? null, strategy: input.strategy ?? 'longest_idle', offerTimeoutMs: input.offerTimeoutMs === undefined ? 60_000 : input.offerTimeoutMs,
    wrapUpMs: input.wrapUpMs ?? 0, isFallback: input.isFallback ?? false, createdAt: now, updatedAt: now,
  };
  db.insert(routingQueues).values(row).run();
  return queueView(row);
}

export function updateQueue(db: Db, accountId: string, id: string, patch: Partial<QueueInput>) {
  const row = getQueue(db, accountId, id);
  const merged = { ...queueView(row), ...patch, filters: { ...EMPTY_FILTERS, ...row.filters, ...patch.filters } };
  checkQueue(db, accountId, merged, id);
  const next: QueueRow = { ...row, name: merged.name, priority: merged.priority, filters: merged.filters, skillId: merged.skillId, strategy: merged.strategy,
    offerTimeoutMs: merged.offerTimeoutMs, wrapUpMs: merged.wrapUpMs, isFallback: merged.isFallback, updatedAt: Date.now() };
  db.update(routingQueues).set(next).where(eq(routingQueues.id, id)).run();
  return queueView(next);
}

export function deleteQueue(db: Db, accountId: string, id: string) {
  getQueue(db, accountId, id);
  db.delete(routingQueues).where(eq(routingQueues.id, id)).run();
}

// ---- agents
function getUserRow(db: Db, accountId: string, id: string) {
  const row = db.select().from(users).where(and(eq(users.id, id), eq(users.accountId, accountId))).get();
  if (!row) throw notFound('user', id);
  return row;
}

export function listAgents(db: Db, accountId: string, now = Date.now()) {
  const rows = db.select({ u: users, p: agentPresence }).from(users).leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .where(eq(users.accountId, accountId)).orderBy(asc(users.name)).all();
  const held = rows.length ? db.select({ userId: agentSkills.userId, skillId: agentSkills.skillId, proficiency: agentSkills.proficiency, name: skills.name })
    .from(agentSkills).innerJoin(skills, eq(skills.id, agentSkills.skillId)).where(inArray(agentSkills.userId, rows.map((r) => r.u.id))).all() : [];
  const loads = readLoads(db, accountId, now);
  return rows.map(({ u, p }) => {
    const load = loads.get(u.id);
    return {
      id: u.id, name: u.name, email: u.email, role: u.role,
      status: p?.status ?? 'offline', since: iso(p?.changedAt ?? u.createdAt)!,
      skills: held.filter((s) => s.userId === u.id).map((s) => ({ skillId: s.skillId, name: s.name, proficiency: s.proficiency })),
      capacity: fullCapacity(p?.capacity),
      load: Object.fromEntries(CHANNEL_KINDS.map((k) => [k, load?.byKind[k] ?? 0])) as Record<ChannelKind, number>,
      activeCases: load?.active ?? 0,
      lastAssignedAt: iso(p?.lastAssignedAt), lastAssignmentEndedAt: iso(p?.lastAssignmentEndedAt),
    };
  });
}

export const getAgent = (db: Db, accountId: string, id: string) => {
  getUserRow(db, accountId, id);
  return listAgents(db, accountId).find((a) => a.id === id)!;
};

/** Sets status (and optionally capacity); returns the previous status. */
export function setAgentStatus(db: Db, accountId: string, id: string, body: { status: AgentStatus; capacity?: Partial<Record<ChannelKind, number>> }, now = Date.now()) {
  getUserRow(db, accountId, id);
  const before = db.select().from(agentPresence).where(eq(agentPresence.userId, id)).get();
  const changed = before?.status !== body.status;
  const capacity = body.capacity ? { ...before?.capacity, ...body.capacity } : before?.capacity ?? {};
  if (before) db.update(agentPresence).set({ status: body.status, capacity, ...(changed ? { changedAt: now } : {}) }).where(eq(agentPresence.userId, id)).run();
  else db.insert(agentPresence).values({ userId: id, accountId, status: body.status, changedAt: now, capacity }).run();
  return before?.status ?? 'offline';
}

export function setAgentSkills(db: Db, accountId: string, id: string, list: { skillId: string; proficiency: number }[]) {
  getUserRow(db, accountId, id);
  const known = new Set(db.select({ id: skills.id }).from(skills).where(eq(skills.accountId, accountId)).all().map((s) => s.id));
  const unknown = list.find((s) => !known.has(s.skillId));
  if (unknown) throw new ParleyError(422, 'unknown_skill', `No skill with id ${unknown.skillId} in this account.`, [{ path: 'skills', message: `unknown skill ${unknown.skillId}` }]);
  db.transaction((tx) => {
    tx.delete(agentSkills).where(eq(agentSkills.userId, id)).run();
    for (const s of list) tx.insert(agentSkills).values({ userId: id, skillId: s.skillId, proficiency: s.proficiency }).run();
  });
}

/** Cases currently with an agent (offered or accepted): rerouted when the agent goes offline. */
export function activeCasesOf(db: Db, agentId: string): string[] {
  return db.select({ caseId: caseAssignments.caseId }).from(caseAssignments)
    .where(and(eq(caseAssignments.agentId, agentId), ne(caseAssignments.state, 'released'))).all().map((r) => r.caseId);
}

/** The skills an agent holds (visibility: agents see cases in their skills). */
export const skillsOf = (db: Db, userId: string) =>
  db.select({ skillId: agentSkills.skillId }).from(agentSkills).where(eq(agentSkills.userId, userId)).all().map((r) => r.skillId);

// ---- settings
export function getRoutingSettings(db: Db, accountId: string) {
  const row = db.select().from(routingSettings).where(eq(routingSettings.accountId, accountId)).get();
  return { agentsSeeAllCases: row?.agentsSeeAllCases ?? false };
}

export function putRoutingSettings(db: Db, accountId: string, body: { agentsSeeAllCases: boolean }) {
  const now = Date.now();
  db.insert(routingSettings).values({ accountId, agentsSeeAllCases: body.agentsSeeAllCases, updatedAt: now })
    .onConflictDoUpdate({ target: routingSettings.accountId, set: { agentsSeeAllCases: body.agentsSeeAllCases, updatedAt: now } }).run();
  return getRoutingSettings(db, accountId);
}

/** Whether routing manages this case (its workflow routed it): manual moves then go through the workflow. */
export const isRoutedCase = (db: Db, caseId: string) => !!db.select({ id: caseRouting.caseId }).from(caseRouting).where(eq(caseRouting.caseId, caseId)).get();

/** Whether the account has defined any skill (before that, nothing scopes what agents see). */
export const accountHasSkills = (db: Db, accountId: string) =>
  !!db.select({ id: skills.id }).from(skills).where(eq(skills.accountId, accountId)).limit(1).get();
