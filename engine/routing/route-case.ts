// Routing decisions, each one SQLite transaction taken with BEGIN IMMEDIATE: read the loads, choose,
// write the assignment. Two processes routing at once queue on the write lock, so the second sees the
// first one's assignment: no agent goes over capacity and no case is given twice (the partial unique
// index on case_assignments(case_id) WHERE state != 'released' is the last guard).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { apiKeys, caseEvents, cases } from '../db/schema';
import { agentPresence, caseAssignments, caseRouting, routingQueues } from '../db/schema-routing';
import { newId } from '../ids';
import { recordCaseRuleEvent } from '../rules/events/record-event';
import { chooseAgent } from '../../model/routing/choose-agent';
import { channelKindOf } from '../../model/routing/channel-kinds';
import { matchQueue, requiredSkill } from '../../model/routing/match-queue';
import { describeChoice, describeNoAgent, formatDuration } from '../../model/routing/reason-text';
import type { RoutingQueue } from '../../model/routing/queue';
import type { AssignRequest, RouteOutcome, RouteRequest } from '../../workflows/case/routing-contract';
import { isAgentActor } from '../cases/last-activity';
import { activeAssignment, actorName, readAgents, readLoads, readQueues, readRoutingCase, skillName, userName } from './routing-reads';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type AssignmentRow = typeof caseAssignments.$inferSelect;

const IMMEDIATE = { behavior: 'immediate' } as const;

function event(tx: Tx, row: { accountId: string; caseId: string }, e: { type: 'assignee_changed' | 'skill_changed' | 'routing'; from?: string | null; to?: string | null; actor?: string | null; detail: Record<string, unknown> }, at: number) {
  tx.insert(caseEvents).values({ accountId: row.accountId, caseId: row.caseId, type: e.type, from: e.from ?? null, to: e.to ?? null, actor: e.actor ?? null, detail: e.detail, at }).run();
}

function release(tx: Tx, assignment: AssignmentRow, reason: string, now: number, wrapUpMs = 0) {
  const freeAt = now + wrapUpMs;
  tx.update(caseAssignments).set({ state: 'released', releasedAt: now, capacityFreeAt: freeAt, releaseReason: reason, ...(wrapUpMs > 0 ? {} : { freedNotedAt: now }) })
    .where(eq(caseAssignments.id, assignment.id)).run();
  tx.update(agentPresence).set({ lastAssignmentEndedAt: freeAt }).where(eq(agentPresence.userId, assignment.agentId)).run();
}

function setRouting(tx: Tx, accountId: string, caseId: string, values: { state: 'waiting' | 'assigned' | 'done'; queue?: RoutingQueue | null; waitReason?: string | null; forcedQueueId?: string }, now: number) {
  const existing = tx.select().from(caseRouting).where(eq(caseRouting.caseId, caseId)).get();
  const waitingSince = values.state === 'waiting' ? (existing?.state === 'waiting' && existing.waitingSince !== null ? existing.waitingSince : now) : null;
  const row = {
    state: values.state, queueId: values.queue === undefined ? (existing?.queueId ?? null) : (values.queue?.id ?? null),
    queuePriority: values.queue === undefined ? (existing?.queuePriority ?? 0) : (values.queue?.priority ?? 0),
    waitingSince, waitReason: values.state === 'waiting' ? (values.waitReason ?? null) : null, updatedAt: now,
    forcedQueueId: values.forcedQueueId ?? existing?.forcedQueueId ?? null,
  };
  if (existing) tx.update(caseRouting).set(row).where(eq(caseRouting.caseId, caseId)).run();
  else tx.insert(caseRouting).values({ caseId, accountId, ...row }).run();
  return existing;
}

function setAssignee(tx: Tx, caseId: string, agentId: string | null, now: number, fromAssignee: string | null, skillId?: string | null) {
  tx.update(cases).set({ assigneeId: agentId, ...(skillId !== undefined ? { skillId } : {}), updatedAt: now }).where(eq(cases.id, caseId)).run();
  if (fromAssignee !== agentId) recordCaseRuleEvent(tx as unknown as Db, { type: 'case.assignee_changed', caseId, change: { from: fromAssignee, to: agentId } }, now);
}

const outcomeOf = (a: AssignmentRow): RouteOutcome => ({
  kind: 'assigned', assignmentId: a.id, agentId: a.agentId, queueId: a.queueId, offerExpiresAt: a.state === 'offered' ? a.offerExpiresAt : null,
});

/** Why the previous assignee lost the case, as the start of the timeline sentence. */
function releasePrefix(tx: Tx, request: RouteRequest, released: AssignmentRow | undefined, now: number): string {
  if (!released) return '';
  const name = userName(tx, released.agentId);
  switch (request.reason) {
    case 'offer_expired': return `Offer to ${name} expired after ${formatDuration(now - released.offeredAt)}; `;
    case 'agent_offline': return `${name} went offline; `;
    case 'unassigned': return `Unassigned from ${name}${request.actorId ? ` by ${actorName(tx, request.actorId)}` : ''}; `;
    case 'transferred': return '';
    default: return `Taken from ${name}; `;
  }
}

export function routeCase(db: Db, caseId: string, request: RouteRequest, now = Date.now()): RouteOutcome {
  return db.transaction((tx) => {
    const found = readRoutingCase(tx, caseId);
    if (!found || found.row.status === 'closed') return { kind: 'closed' } as const;
    const { row, facts } = found;
    const at = { accountId: row.accountId, caseId };
    const current = activeAssignment(tx, caseId);
    // A retried activity whose first attempt committed finds its own work done.
    if (current && current.id !== request.releaseAssignmentId) return outcomeOf(current);
    // A person's transfer or unassign is activity; routing's own offers and sweeps are not (engine/cases/last-activity.ts).
    if (isAgentActor(request.actorId)) tx.update(cases).set({ lastActivityAt: now }).where(eq(cases.id, caseId)).run();
    const released = current;
    if (released) release(tx, released, request.reason, now);

    let skillChanged = false;
    if (request.skillId !== undefined && request.skillId !== facts.skillId) {
      const by = request.actorId ? actorName(tx, request.actorId) : null;
      event(tx, at, { type: 'skill_changed', from: facts.skillId, to: request.skillId, actor: request.actorId ?? null,
        detail: { text: `Transferred${by ? ` by ${by}` : ''} to skill ${skillName(tx, request.skillId)}${request.note ? `: ${request.note}` : ''}`, note: request.note ?? null, actorName: by } }, now);
      recordCaseRuleEvent(tx as unknown as Db, { type: 'case.skill_changed', caseId, change: { from: facts.skillId, to: request.skillId } }, now);
      facts.skillId = request.skillId;
      skillChanged = true;
    }

    // Assigned by hand before the workflow routed it (a PATCH that raced the start): keep that agent.
    if (!released && request.reason === 'new' && row.assigneeId) {
      const kept = insertAssignment(tx, { accountId: row.accountId, caseId, agentId: row.assigneeId, queueId: null, kind: channelKindOf(facts.channelType), offerExpiresAt: null, reason: { manual: true, kept: true } }, now);
      setRouting(tx, row.accountId, caseId, { state: 'assigned', queue: null }, now);
      return outcomeOf(kept);
    }

    const queues = readQueues(tx, row.accountId);
    // A rule or a transfer may have named the queue; it holds for later re-routes too.
    const forcedQueueId = request.queueId ?? tx.select({ q: caseRouting.forcedQueueId }).from(caseRouting).where(eq(caseRouting.caseId, caseId)).get()?.q ?? null;
    const forced = forcedQueueId ? queues.find((q) => q.id === forcedQueueId) : undefined;
    const match = forced ? { queue: forced, via: 'filters' as const } : matchQueue(facts, queues);
    if (request.queueId && forced) {
      // Moving to a queue means its skill: the case takes it.
      if (forced.skillId && forced.skillId !== facts.skillId) {
        facts.skillId = forced.skillId;
        skillChanged = true;
      }
      const by = request.actorId ? actorName(tx, request.actorId) : null;
      event(tx, at, { type: 'routing', to: 'queue', actor: request.actorId ?? null, detail: { routing: 'queue', queueId: forced.id, note: request.note ?? null, actorName: by,
        text: `Moved${by ? ` by ${by}` : ''} to queue ${forced.name}${request.note ? `: ${request.note}` : ''}` } }, now);
    }
    const skillId = requiredSkill(facts, match.queue);
    const sName = skillName(tx, skillId);
    const prefix = releasePrefix(tx, request, released, now);
    const chosen = match.queue
      ? chooseAgent({ channelType: facts.channelType, skillId, strategy: match.queue.strategy, exclude: request.exclude }, readAgents(tx, row.accountId), readLoads(tx, row.accountId, now), now)
      : null;

    if (!chosen || 'none' in chosen) {
      const waitReason = chosen ? chosen.reason : 'no_queue';
      const before = setRouting(tx, row.accountId, caseId, { state: 'waiting', queue: match.queue, waitReason, ...(forced ? { forcedQueueId: forced.id } : {}) }, now);
      // The case shows the skill it waits for, so that skill's agents see it in their inbox.
      const waitSkill = skillChanged ? facts.skillId : !facts.skillId && skillId ? skillId : undefined;
      if (released || row.assigneeId) setAssignee(tx, caseId, null, now, row.assigneeId, waitSkill);
      else if (waitSkill !== undefined) tx.update(cases).set({ skillId: waitSkill, updatedAt: now }).where(eq(cases.id, caseId)).run();
      // The backlog sweeper asks again and again: say "waiting" once per reason, not every time.
      const repeated = before?.state === 'waiting' && before.waitReason === waitReason && !released;
      // Accounts without queues do not route: their cases wait silently (no timeline noise).
      if (!repeated && queues.length > 0) {
        const why = chosen && 'none' in chosen ? describeNoAgent(chosen.reason, sName) : 'No routing queue takes this case';
        const text = `${prefix}${prefix ? why.charAt(0).toLowerCase() + why.slice(1) : why}: waiting in backlog${match.queue ? ` of ${match.queue.name}` : ''}`;
        event(tx, at, released
          ? { type: 'assignee_changed', from: released.agentId, to: null, detail: { routing: 'waiting', reason: request.reason, waitReason, queueId: match.queue?.id ?? null, text } }
          : { type: 'routing', to: 'waiting', detail: { routing: 'waiting', reason: request.reason, waitReason, queueId: match.queue?.id ?? null, text } }, now);
      }
      return { kind: 'waiting', queueId: match.queue?.id ?? null, reason: waitReason } as const;
    }

    const queue = match.queue!;
    const offerExpiresAt = queue.offerTimeoutMs !== null ? now + queue.offerTimeoutMs : null;
    const assignment = insertAssignment(tx, {
      accountId: row.accountId, caseId, agentId: chosen.agentId, queueId: queue.id, kind: chosen.reason.kind, offerExpiresAt,
      reason: { ...chosen.reason, via: match.via, routeReason: request.reason },
    }, now);
    const before = setRouting(tx, row.accountId, caseId, { state: 'assigned', queue, ...(forced ? { forcedQueueId: forced.id } : {}) }, now);
    setAssignee(tx, caseId, chosen.agentId, now, row.assigneeId, !facts.skillId || skillChanged ? skillId : undefined);
    // Out of the backlog: say how long the customer waited for an agent.
    const waited = before?.state === 'waiting' && before.waitingSince !== null ? ` after ${formatDuration(now - before.waitingSince)} in the backlog` : '';
    const name = `${userName(tx, chosen.agentId)}${waited}`;
    const verb = offerExpiresAt !== null ? 'offered' : 'assigned';
    const how = `${describeChoice(chosen.reason, sName)}${match.via === 'fallback' ? `, fallback queue ${queue.name}` : `, queue ${queue.name}`}`;
    const text = prefix ? `${prefix}${verb} to ${name} — ${how}` : `${verb.charAt(0).toUpperCase()}${verb.slice(1)} to ${name} — ${how}`;
    event(tx, at, { type: 'assignee_changed', from: row.assigneeId, to: chosen.agentId, detail: { routing: verb, reason: request.reason, queueId: queue.id, choice: chosen.reason as unknown as Record<string, unknown>, text } }, now);
    return outcomeOf(assignment);
  }, IMMEDIATE);
}

function insertAssignment(tx: Tx, a: { accountId: string; caseId: string; agentId: string; queueId: string | null; kind: AssignmentRow['kind']; offerExpiresAt: number | null; reason: Record<string, unknown> }, now: number): AssignmentRow {
  const row: AssignmentRow = {
    id: newId('asg', now), accountId: a.accountId, caseId: a.caseId, agentId: a.agentId, queueId: a.queueId, kind: a.kind,
    state: a.offerExpiresAt !== null ? 'offered' : 'accepted', offeredAt: now, offerExpiresAt: a.offerExpiresAt,
    acceptedAt: a.offerExpiresAt !== null ? null : now, releasedAt: null, capacityFreeAt: null, freedNotedAt: null, reason: a.reason, releaseReason: null,
  };
  tx.insert(caseAssignments).values(row).run();
  tx.update(agentPresence).set({ lastAssignedAt: now }).where(eq(agentPresence.userId, a.agentId)).run();
  return row;
}

/** Assign or transfer to a named agent (a person's decision: capacity is not enforced, the timeline says who). */
export function assignCase(db: Db, caseId: string, request: AssignRequest, now = Date.now()): RouteOutcome {
  return db.transaction((tx) => {
    const found = readRoutingCase(tx, caseId);
    if (!found || found.row.status === 'closed') return { kind: 'closed' } as const;
    const { row, facts } = found;
    const current = activeAssignment(tx, caseId);
    if (current?.agentId === request.agentId) return outcomeOf(current);
    if (current) release(tx, current, request.transfer ? 'transferred' : 'reassigned', now);
    const assignment = insertAssignment(tx, {
      accountId: row.accountId, caseId, agentId: request.agentId, queueId: current?.queueId ?? null, kind: channelKindOf(facts.channelType),
      offerExpiresAt: null, reason: { manual: true, by: request.actorId ?? null, note: request.note ?? null },
    }, now);
    setRouting(tx, row.accountId, caseId, { state: 'assigned' }, now);
    setAssignee(tx, caseId, request.agentId, now, row.assigneeId);
    if (isAgentActor(request.actorId)) tx.update(cases).set({ lastActivityAt: now }).where(eq(cases.id, caseId)).run();
    const name = userName(tx, request.agentId);
    const by = request.actorId ? actorName(tx, request.actorId) : null;
    const text = request.transfer
      ? `Transferred${by ? ` by ${by}` : ''}${current ? ` from ${userName(tx, current.agentId)}` : ''} to ${name}${request.note ? `: ${request.note}` : ''}`
      : `Assigned to ${name}${by ? ` by ${by}` : ''}${request.note ? `: ${request.note}` : ''}`;
    event(tx, { accountId: row.accountId, caseId }, { type: 'assignee_changed', from: row.assigneeId, to: request.agentId, actor: request.actorId ?? null, detail: { routing: request.transfer ? 'transferred' : 'manual', note: request.note ?? null, text, actorName: by } }, now);
    return outcomeOf(assignment);
  }, IMMEDIATE);
}

/** Resolves an API key to its user, so a reply through a session key counts as that agent's. */
function actorUser(tx: Tx, actor: { userId?: string; keyId?: string }): string | null {
  if (actor.userId) return actor.userId;
  if (!actor.keyId) return null;
  const key = tx.select({ userId: apiKeys.userId }).from(apiKeys).where(eq(apiKeys.id, actor.keyId)).get();
  // Not a key id: callers that know the person pass their user id.
  return key ? key.userId : actor.keyId;
}

export function acceptAssignment(db: Db, caseId: string, assignmentId: string, actor: { userId?: string; keyId?: string }, now = Date.now()): boolean {
  return db.transaction((tx) => {
    const a = tx.select().from(caseAssignments).where(and(eq(caseAssignments.id, assignmentId), eq(caseAssignments.caseId, caseId))).get();
    if (!a || actorUser(tx, actor) !== a.agentId) return false;
    if (a.state === 'accepted') return true;
    if (a.state !== 'offered') return false;
    tx.update(caseAssignments).set({ state: 'accepted', acceptedAt: now }).where(eq(caseAssignments.id, a.id)).run();
    // Touch the case so the live inbox (its change log follows case rows) shows the acceptance.
    tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId)).run();
    event(tx, { accountId: a.accountId, caseId }, { type: 'routing', to: 'accepted', actor: a.agentId,
      detail: { routing: 'accepted', text: `Accepted by ${userName(tx, a.agentId)} after ${formatDuration(now - a.offeredAt)}`, actorName: userName(tx, a.agentId) } }, now);
    return true;
  }, IMMEDIATE);
}

export function releaseOnClose(db: Db, caseId: string, now = Date.now()): void {
  db.transaction((tx) => {
    const current = activeAssignment(tx, caseId);
    if (current) {
      const queue = current.queueId ? tx.select({ wrapUpMs: routingQueues.wrapUpMs }).from(routingQueues).where(eq(routingQueues.id, current.queueId)).get() : undefined;
      release(tx, current, 'closed', now, queue?.wrapUpMs ?? 0);
    }
    const routing = tx.select({ state: caseRouting.state }).from(caseRouting).where(eq(caseRouting.caseId, caseId)).get();
    if (routing && routing.state !== 'done') tx.update(caseRouting).set({ state: 'done', waitingSince: null, waitReason: null, updatedAt: now }).where(eq(caseRouting.caseId, caseId)).run();
  }, IMMEDIATE);
}

