// The supervisor's view of the queues: how many cases wait in each and for how long, how many are
// offered or with an agent, and how many agents could take more. The waiting counts are the backlog's
// rows and the offered / with-an-agent counts are assigned-cases.ts's rows, so the summary and the
// two lists agree.
import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { cases, channels, contacts } from '../db/schema';
import type { Db } from '../db/open-database';
import { caseAssignments, caseRouting, routingQueues } from '../db/schema-routing';
import { heldCountsByQueue } from './assigned-cases';
import { decodeCursor, encodeCursor } from './routing-cursor';
import { readAgents, readQueues, userName } from './routing-reads';

export function queueSummary(db: Db, accountId: string, now = Date.now()) {
  const queues = readQueues(db, accountId);
  const known = new Set(queues.map((q) => q.id));
  // A queue deleted while cases were in it: those cases count under "No queue", as the lists show them.
  const own = (queueId: string | null) => (queueId !== null && known.has(queueId) ? queueId : null);
  const waiting = new Map<string | null, { n: number; oldest: number | null }>();
  for (const w of db.select({ queueId: caseRouting.queueId, n: sql<number>`count(*)`, oldest: sql<number | null>`min(${caseRouting.waitingSince})` })
    .from(caseRouting).where(and(eq(caseRouting.accountId, accountId), eq(caseRouting.state, 'waiting'))).groupBy(caseRouting.queueId).all()) {
    const at = waiting.get(own(w.queueId)) ?? { n: 0, oldest: null };
    waiting.set(own(w.queueId), { n: at.n + w.n, oldest: at.oldest === null ? w.oldest : w.oldest === null ? at.oldest : Math.min(at.oldest, w.oldest) });
  }
  const held = new Map<string | null, { offered: number; accepted: number }>();
  for (const h of heldCountsByQueue(db, accountId)) {
    const at = held.get(own(h.queueId)) ?? { offered: 0, accepted: 0 };
    held.set(own(h.queueId), { offered: at.offered + h.offered, accepted: at.accepted + h.accepted });
  }
  const available = readAgents(db, accountId).filter((a) => a.status === 'available');
  const row = (queueId: string | null, name: string, priority: number, skillId: string | null) => {
    const w = waiting.get(queueId);
    const h = held.get(queueId);
    return {
      queueId, name, priority, skillId,
      waiting: w?.n ?? 0,
      oldestWaitingSince: iso(w?.oldest ?? null),
      oldestWaitingMs: w?.oldest ? now - w.oldest : null,
      offered: h?.offered ?? 0, assigned: h?.accepted ?? 0,
      agentsAvailable: available.filter((a) => !skillId || skillId in a.skills).length,
    };
  };
  const rows = [...queues].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name)).map((q) => row(q.id, q.name, q.priority, q.skillId));
  // Cases no queue took: waiting for one, or given to an agent by hand outside any queue.
  if (waiting.has(null) || held.has(null)) rows.push(row(null, 'No queue', 0, null));
  return { queues: rows, at: new Date(now).toISOString() };
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

const waitedSince = sql<number>`coalesce(${caseRouting.waitingSince}, 0)`;

/**
 * Waiting cases, highest queue priority first, then the longest waiting (the order routing takes
 * them), a page at a time: `nextCursor` continues after the last one; `total` counts them all.
 */
export function listBacklog(db: Db, accountId: string, opts: { queueId?: string; limit: number; cursor?: string }, now = Date.now()) {
  const where: (SQL | undefined)[] = [eq(caseRouting.accountId, accountId), eq(caseRouting.state, 'waiting')];
  if (opts.queueId) where.push(eq(caseRouting.queueId, opts.queueId));
  const total = db.select({ n: sql<number>`count(*)` }).from(caseRouting).where(and(...where)).get()?.n ?? 0;
  if (opts.cursor) {
    const [priority, since, caseId] = decodeCursor(opts.cursor, ['n', 'n', 's']) as [number, number, string];
    where.push(or(lt(caseRouting.queuePriority, priority), and(eq(caseRouting.queuePriority, priority),
      or(gt(waitedSince, since), and(eq(waitedSince, since), gt(caseRouting.caseId, caseId))))));
  }
  const rows = db.select({ r: caseRouting, skillId: cases.skillId, preview: cases.preview, channelId: cases.channelId, status: cases.status,
    contactName: contacts.name, channelType: channels.type, queueName: routingQueues.name })
    .from(caseRouting).innerJoin(cases, eq(cases.id, caseRouting.caseId))
    .leftJoin(contacts, eq(contacts.id, cases.contactId)).leftJoin(channels, eq(channels.id, cases.channelId))
    .leftJoin(routingQueues, eq(routingQueues.id, caseRouting.queueId))
    .where(and(...where)).orderBy(desc(caseRouting.queuePriority), asc(waitedSince), asc(caseRouting.caseId)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1)?.r;
  return {
    items: page.map(({ r, skillId, preview, channelId, status, contactName, channelType, queueName }) => ({
      caseId: r.caseId, queueId: r.queueId, queueName: queueName ?? null, skillId, channelId, channelType: channelType ?? null, status,
      contactName: contactName ?? null, preview, waitReason: r.waitReason,
      waitingSince: iso(r.waitingSince), waitingMs: r.waitingSince === null ? null : now - r.waitingSince,
    })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor([last.queuePriority, last.waitingSince ?? 0, last.caseId]) : null,
    total,
  };
}

/**
 * A waiting case's place in its queue: 1 for the next one routing offers, and how many wait there
 * (the backlog's order within the queue: the longest waiting first).
 */
function placeInQueue(db: Db, r: typeof caseRouting.$inferSelect) {
  const sameQueue = r.queueId === null ? isNull(caseRouting.queueId) : eq(caseRouting.queueId, r.queueId);
  const base = and(eq(caseRouting.accountId, r.accountId), eq(caseRouting.state, 'waiting'), sameQueue);
  const since = r.waitingSince ?? 0;
  const ahead = db.select({ n: sql<number>`count(*)` }).from(caseRouting)
    .where(and(base, or(gt(caseRouting.queuePriority, r.queuePriority), and(eq(caseRouting.queuePriority, r.queuePriority),
      or(lt(waitedSince, since), and(eq(waitedSince, since), lt(caseRouting.caseId, r.caseId))))))).get()?.n ?? 0;
  const waiting = db.select({ n: sql<number>`count(*)` }).from(caseRouting).where(base).get()?.n ?? 0;
  return { position: ahead + 1, waitingInQueue: waiting };
}

/**
 * Where routing stands for one case: waiting (in which queue, its place there and why), assigned (to
 * whom, offered or accepted) or done. Names come with the ids, so an agent (who cannot list the
 * queues or the agents) reads "Waiting in Billing — 2nd".
 */
export function caseRoutingView(db: Db, caseId: string) {
  const r = db.select().from(caseRouting).where(eq(caseRouting.caseId, caseId)).get();
  const a = db.select().from(caseAssignments).where(and(eq(caseAssignments.caseId, caseId), ne(caseAssignments.state, 'released'))).get();
  const queueId = a?.queueId ?? r?.queueId ?? null;
  const queueName = queueId ? db.select({ name: routingQueues.name }).from(routingQueues).where(eq(routingQueues.id, queueId)).get()?.name ?? null : null;
  const place = r?.state === 'waiting' ? placeInQueue(db, r) : null;
  return {
    state: (r?.state ?? 'unrouted') as 'waiting' | 'assigned' | 'done' | 'unrouted',
    queueId, queueName,
    position: place?.position ?? null, waitingInQueue: place?.waitingInQueue ?? null,
    waitingSince: iso(r?.waitingSince ?? null), waitReason: r?.waitReason ?? null,
    assignment: a ? {
      id: a.id, agentId: a.agentId, agentName: userName(db, a.agentId), state: a.state as 'offered' | 'accepted', offeredAt: iso(a.offeredAt)!, offerExpiresAt: iso(a.offerExpiresAt),
      acceptedAt: iso(a.acceptedAt), reason: a.reason,
    } : null,
  };
}
