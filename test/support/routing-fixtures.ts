// Routing test data straight into SQLite: skills, agents with presence and capacity, queues, cases.
import { eq } from 'drizzle-orm';
import type { Db } from '../../engine/db/open-database';
import { apiKeys, cases, contacts, users } from '../../engine/db/schema';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../../engine/security/api-keys';
import { agentPresence, agentSkills, routingQueues, skills } from '../../engine/db/schema-routing';
import { EMPTY_FILTERS, type QueueFilters } from '../../model/routing/queue';
import type { ChannelKind } from '../../model/routing/channel-kinds';
import type { testApp } from './test-app';

type TestApp = ReturnType<typeof testApp>;

/** A BYOC channel made through the API (the routing tests' cases live on it); returns its id. */
export async function addByocChannel(t: Pick<TestApp, 'request'>): Promise<string> {
  const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64') } } });
  return ((await res.json()) as { id: string }).id;
}

export function addSkill(db: Db, accountId: string, id: string, name = id) {
  const now = Date.now();
  db.insert(skills).values({ id, accountId, name, createdAt: now, updatedAt: now }).run();
}

export function addAgent(db: Db, accountId: string, id: string, opts: { name?: string; skills?: Record<string, number>; capacity?: Partial<Record<ChannelKind, number>>; status?: 'available' | 'away' | 'offline'; changedAt?: number } = {}) {
  const now = Date.now();
  db.insert(users).values({ id, accountId, email: `${id}@example.com`, name: opts.name ?? id, passwordHash: 'x', role: 'agent', createdAt: now }).run();
  db.insert(agentPresence).values({ userId: id, accountId, status: opts.status ?? 'available', changedAt: opts.changedAt ?? now, capacity: opts.capacity ?? {} }).run();
  for (const [skillId, proficiency] of Object.entries(opts.skills ?? {})) db.insert(agentSkills).values({ userId: id, skillId, proficiency }).run();
}

export function addQueue(db: Db, accountId: string, id: string, opts: { priority?: number; filters?: Partial<QueueFilters>; skillId?: string | null; strategy?: 'longest_idle' | 'least_busy'; offerTimeoutMs?: number | null; wrapUpMs?: number; isFallback?: boolean } = {}) {
  const now = Date.now();
  db.insert(routingQueues).values({
    id, accountId, name: id, priority: opts.priority ?? 0, filters: { ...EMPTY_FILTERS, ...opts.filters }, skillId: opts.skillId ?? null,
    strategy: opts.strategy ?? 'longest_idle', offerTimeoutMs: opts.offerTimeoutMs === undefined ? 60_000 : opts.offerTimeoutMs,
    wrapUpMs: opts.wrapUpMs ?? 0, isFallback: opts.isFallback ?? false, createdAt: now, updatedAt: now,
  }).run();
}

let n = 0;
export function addCase(db: Db, accountId: string, channelId: string, over: Partial<typeof cases.$inferInsert> = {}) {
  const now = Date.now();
  const contactId = `ct_${++n}_${now}`;
  db.insert(contacts).values({ id: contactId, accountId, name: 'Customer', createdAt: now, updatedAt: now }).run();
  const id = over.id ?? `case_${n}_${now}`;
  db.insert(cases).values({ id, accountId, channelId, contactId, threadId: `t${n}`, status: 'new', createdAt: now, updatedAt: now, statusUpdatedAt: now, ...over }).run();
  return id;
}

export const caseAssignee = (db: Db, caseId: string) => db.select({ a: cases.assigneeId }).from(cases).where(eq(cases.id, caseId)).get()?.a ?? null;

/** A session-like key acting as the user (what signing in gives a person). */
export function userKey(db: Db, accountId: string, userId: string, role: 'admin' | 'supervisor' | 'agent' = 'agent'): string {
  const key = generateApiKey();
  db.insert(apiKeys).values({ id: `key_${userId}_${++n}`, accountId, name: `session ${userId}`, keyHash: hashApiKey(key), prefix: apiKeyPrefix(key), role, userId, createdAt: Date.now() }).run();
  return key;
}
