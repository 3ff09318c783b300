// The supervisor's view of the queues: how many cases wait in each and for how long, how many are
// offered or with an agent, and how many agents could take more.
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { cases } from '../db/schema';
import type { Db } from '../db/open-database';
import { caseAssignments, caseRouting } from '../db/schema-routing';
import { readAgents, readQueues } from './routing-reads';

export function queueSummary(db: Db, accountId: string, now = Date.now()) {
  const queues = readQueues(db, accountId);
  const waiting = db.select({ queueId: caseRouting.queueId, n: sql<number>`count(*)`, oldest: sql<number>`min(${caseRouting.waitingSince})` })
    .from(caseRouting).where(and(eq(caseRouting.accountId, accountId), eq(caseRouting.state, 'waiting'))).groupBy(caseRouting.queueId).all();
  const active = db.select({ queueId: caseAssignments.queueId, state: caseAssignments.state, n: sql<number>`count(*)` })
    .from(caseAssignments).where(and(eq(caseAssignments.accountId, accountId), ne(caseAssignments.state, 'released')))
    .groupBy(caseAssignments.queueId, caseAssignments.state).all();
  const available = readAgents(db, accountId).filter((a) => a.status === 'available');
  const row = (queueId: string | null, name: string, priority: number, skillId: string | null) => {
    const w = waiting.find((x) => x.queueId === queueId);
    const count = (state: 'offered' | 'accepted') => active.find((x) => x.queueId === queueId && x.state === state)?.n ?? 0;
    return {
      queueId, name, priority, skillId,
      waiting: w?.n ?? 0,
      oldestWaitingSince: w?.oldest ? new Date(w.oldest).toISOString() : null,
      oldestWaitingMs: w?.oldest ? now - w.oldest : null,
      offered: count('offered'), assigned: count('accepted'),
      agentsAvailable: available.filter((a) => !skillId || skillId in a.skills).length,
    };
  };
  const rows = [...queues].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name)).map((q) => row(q.id, q.name, q.priority, q.skillId));
  if (waiting.some((w) => w.queueId === null)) rows.push(row(null, 'No queue', 0, null));
  return { queues: rows, at: new Date(now).toISOString() };
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** Waiting cases, highest queue priority first, then the longest waiting (the order routing takes them). */
export function listBacklog(db: Db, accountId: string, opts: { queueId?: string; limit: number }, now = Date.now()) {
  const where = [eq(caseRouting.accountId, accountId), eq(caseRouting.state, 'waiting')];
  if (opts.queueId) where.push(eq(caseRouting.queueId, opts.queueId));
  const rows = db.select({ r: caseRouting, skillId: cases.skillId, preview: cases.preview, channelId: cases.channelId })
    .from(caseRouting).innerJoin(cases, eq(cases.id, caseRouting.caseId))
    .where(and(...where)).orderBy(desc(caseRouting.queuePriority), asc(caseRouting.waitingSince)).limit(opts.limit).all();
  return rows.map(({ r, skillId, preview, channelId }) => ({
    caseId: r.caseId, queueId: r.queueId, skillId, channelId, preview, waitReason: r.waitReason,
    waitingSince: iso(r.waitingSince), waitingMs: r.waitingSince === null ? null : now - r.waitingSince,
  }));
}

/** Where routing stands for one case: waiting, assigned (and to whom, offered or accepted) or done. */
export function caseRoutingView(db: Db, caseId: string) {
  const r = db.select().from(caseRouting).where(eq(caseRouting.caseId, caseId)).get();
  const a = db.select().from(caseAssignments).where(and(eq(caseAssignments.caseId, caseId), ne(caseAssignments.state, 'released'))).get();
  return {
    state: (r?.state ?? 'unrouted') as 'waiting' | 'assigned' | 'done' | 'unrouted',
    queueId: a?.queueId ?? r?.queueId ?? null,
    waitingSince: iso(r?.waitingSince ?? null), waitReason: r?.waitReason ?? null,
    assignment: a ? {
      id: a.id, agentId: a.agentId, state: a.state as 'offered' | 'accepted', offeredAt: iso(a.offeredAt)!, offerExpiresAt: iso(a.offerExpiresAt),
      acceptedAt: iso(a.acceptedAt), reason: a.reason,
    } : null,
  };
}
