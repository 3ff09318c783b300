// Routing (issue #10): skills, agents' skills and presence, routing queues, and every assignment of a
// case to an agent. The workflow decides when to route; these rows are what capacity is counted on.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { QueueFilters, RoutingStrategy } from '../../model/routing/queue';
import type { AgentStatus } from '../../model/routing/agent';
import type { ChannelKind } from '../../model/routing/channel-kinds';
import { accounts, cases, users } from './schema';

export const skills = sqliteTable(
  'skills',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('skills_account_name').on(t.accountId, t.name)],
);

export const agentSkills = sqliteTable(
  'agent_skills',
  {
    userId: text('user_id').notNull().references(() => users.id),
    skillId: text('skill_id').notNull().references(() => skills.id, { onDelete: 'cascade' }),
    /** 1–20, 1 best. */
    proficiency: integer('proficiency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.skillId] }), index('agent_skills_skill').on(t.skillId)],
);

export const agentPresence = sqliteTable('agent_presence', {
  userId: text('user_id').primaryKey().references(() => users.id),
  accountId: text('account_id').notNull().references(() => accounts.id),
  status: text('status').$type<AgentStatus>().notNull(),
  changedAt: integer('changed_at').notNull(),
  /** Max concurrent cases per channel kind; kinds left out take the defaults. */
  capacity: text('capacity', { mode: 'json' }).$type<Partial<Record<ChannelKind, number>>>().notNull().default(sql`'{}'`),
  lastAssignedAt: integer('last_assigned_at'),
  lastAssignmentEndedAt: integer('last_assignment_ended_at'),
});

export const routingQueues = sqliteTable(
  'routing_queues',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    priority: integer('priority').notNull().default(0),
    filters: text('filters', { mode: 'json' }).$type<QueueFilters>().notNull(),
    skillId: text('skill_id').references(() => skills.id, { onDelete: 'set null' }),
    strategy: text('strategy').$type<RoutingStrategy>().notNull(),
    offerTimeoutMs: integer('offer_timeout_ms'),
    wrapUpMs: integer('wrap_up_ms').notNull().default(0),
    isFallback: integer('is_fallback', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('routing_queues_account_name').on(t.accountId, t.name)],
);

export const ASSIGNMENT_STATES = ['offered', 'accepted', 'released'] as const;

/** One row per time a case was given to an agent; at most one not released per case (partial unique index). */
export const caseAssignments = sqliteTable(
  'case_assignments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    caseId: text('case_id').notNull().references(() => cases.id),
    agentId: text('agent_id').notNull().references(() => users.id),
    queueId: text('queue_id'),
    /** The channel kind the assignment counts against. */
    kind: text('kind').$type<ChannelKind>().notNull(),
    state: text('state', { enum: ASSIGNMENT_STATES }).notNull(),
    offeredAt: integer('offered_at').notNull(),
    offerExpiresAt: integer('offer_expires_at'),
    acceptedAt: integer('accepted_at'),
    releasedAt: integer('released_at'),
    /** When the agent's capacity frees: released_at plus the wrap-up (closed cases), else released_at. */
    capacityFreeAt: integer('capacity_free_at'),
    /** Set once the sweeper wrote "capacity freed" on the timeline. */
    freedNotedAt: integer('freed_noted_at'),
    /** Why this agent: the routing decision's facts (strategy, proficiency, idle time) or `manual`. */
    reason: text('reason', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    releaseReason: text('release_reason'),
  },
  (t) => [
    uniqueIndex('case_assignments_one_active').on(t.caseId).where(sql`state != 'released'`),
    index('case_assignments_agent').on(t.agentId, t.state),
    index('case_assignments_wrapup').on(t.state, t.capacityFreeAt).where(sql`freed_noted_at IS NULL`),
  ],
);

/** Routing's view of each case the workflow routes: waiting (the backlog), assigned or done. */
export const caseRouting = sqliteTable(
  'case_routing',
  {
    caseId: text('case_id').primaryKey().references(() => cases.id),
    accountId: text('account_id').notNull(),
    state: text('state', { enum: ['waiting', 'assigned', 'done'] }).notNull(),
    queueId: text('queue_id'),
    /** Set by a rule's Route to queue (or a transfer to a queue): this queue, whatever its filters say. */
    forcedQueueId: text('forced_queue_id'),
    /** The queue's priority, copied so the backlog sorts with one index. */
    queuePriority: integer('queue_priority').notNull().default(0),
    waitingSince: integer('waiting_since'),
    /** Why it waits, e.g. nobody_available. */
    waitReason: text('wait_reason'),
    /** Last time the sweeper nudged the workflow, so it does not repeat itself every second. */
    nudgedAt: integer('nudged_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('case_routing_backlog').on(t.state, t.queuePriority, t.waitingSince)],
);

export const routingSettings = sqliteTable('routing_settings', {
  accountId: text('account_id').primaryKey().references(() => accounts.id),
  /** When off (default), an agent sees only cases assigned to them or in their skills. */
  agentsSeeAllCases: integer('agents_see_all_cases', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});
