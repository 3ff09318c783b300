// The cases with agents, as the supervisor sees them: every case still being worked (new, open,
// pending, escalated) that has an agent, offered (waiting for the agent to accept, with the offer's
// deadline) or accepted, and since when. The queue summary counts the same set, so its "offered" and
// "with an agent" columns add up to what this list holds. A case assigned outside routing (PATCH
// before routing took it, or an account that does not route) counts as accepted, in no queue.
import type { Db } from '../db/open-database';
import { decodeCursor, encodeCursor } from './routing-cursor';

export const WORKED_STATUSES = ['new', 'open', 'pending', 'escalated'] as const;
export type HeldState = 'offered' | 'accepted';

const STATUS_LIST = WORKED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * One row per case with an agent; `rank` puts offers first, `since` is when the current state began,
 * and `sortKey` orders offers the oldest first (the next to run out) and accepted cases the newest
 * first (a case just assigned or reassigned shows at the top of them).
 */
const BASE = `
  SELECT c.id AS caseId, c.status AS status, c.preview AS preview, c.channel_id AS channelId, ch.type AS channelType,
    ct.name AS contactName, c.assignee_id AS agentId, u.name AS agentName, a.id AS assignmentId, a.queue_id AS queueId, q.name AS queueName,
    CASE WHEN a.state = 'offered' THEN 'offered' ELSE 'accepted' END AS state,
    CASE WHEN a.state = 'offered' THEN 0 ELSE 1 END AS rank,
    a.offered_at AS offeredAt, a.offer_expires_at AS offerExpiresAt, a.accepted_at AS acceptedAt,
    COALESCE(a.accepted_at, a.offered_at,
      (SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.type = 'assignee_changed'), c.created_at) AS since
  FROM cases c
  LEFT JOIN case_assignments a ON a.case_id = c.id AND a.state != 'released'
  LEFT JOIN routing_queues q ON q.id = a.queue_id
  LEFT JOIN contacts ct ON ct.id = c.contact_id
  LEFT JOIN channels ch ON ch.id = c.channel_id
  LEFT JOIN users u ON u.id = c.assignee_id
  WHERE c.account_id = @accountId AND c.status IN (${STATUS_LIST}) AND +c.assignee_id IS NOT NULL`;
// The unary + keeps SQLite on cases_account_status: the cases still being worked are few, while an
// account's closed cases (which keep their assignee) grow without end.

interface Row {
  caseId: string; status: string; preview: string | null; channelId: string; channelType: string | null; contactName: string | null;
  agentId: string; agentName: string | null; assignmentId: string | null; queueId: string | null; queueName: string | null;
  state: HeldState; rank: number; sortKey: number; offeredAt: number | null; offerExpiresAt: number | null; acceptedAt: number | null; since: number;
}

export interface HeldFilter { state?: HeldState; agentId?: string; queueId?: string }

function filterSql(f: HeldFilter) {
  const where: string[] = [];
  if (f.state) where.push('state = @state');
  if (f.agentId) where.push('agentId = @agentId');
  if (f.queueId) where.push('queueId = @queueId');
  return where;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** A page of cases with agents: offers first (the oldest first), then accepted cases, the newest first. */
export function listHeldCases(db: Db, accountId: string, opts: HeldFilter & { limit: number; cursor?: string }, now = Date.now()) {
  const where = filterSql(opts);
  const params: Record<string, string | number> = { accountId, limit: opts.limit + 1 };
  if (opts.state) params.state = opts.state;
  if (opts.agentId) params.agentId = opts.agentId;
  if (opts.queueId) params.queueId = opts.queueId;
  if (opts.cursor) {
    const [rank, since, caseId] = decodeCursor(opts.cursor, ['n', 'n', 's']);
    where.push('(rank, sortKey, caseId) > (@cRank, @cSince, @cCase)');
    Object.assign(params, { cRank: rank, cSince: since, cCase: caseId });
  }
  const keyed = `SELECT *, CASE WHEN rank = 0 THEN since ELSE -since END AS sortKey FROM (${BASE})`;
  const rows = db.$client.prepare(`SELECT * FROM (${keyed}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rank, sortKey, caseId LIMIT @limit`)
    .all(params) as Row[];
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      caseId: r.caseId, status: r.status, contactName: r.contactName, preview: r.preview, channelId: r.channelId, channelType: r.channelType,
      agentId: r.agentId, agentName: r.agentName, queueId: r.queueId, queueName: r.queueName, routed: r.assignmentId !== null,
      state: r.state, since: new Date(r.since).toISOString(), heldMs: Math.max(0, now - r.since),
      offeredAt: iso(r.offeredAt), offerExpiresAt: r.state === 'offered' ? iso(r.offerExpiresAt) : null,
      offerRemainingMs: r.state === 'offered' && r.offerExpiresAt !== null ? Math.max(0, r.offerExpiresAt - now) : null,
      acceptedAt: iso(r.acceptedAt),
    })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor([last.rank, last.sortKey, last.caseId]) : null,
    counts: heldCounts(db, accountId, { agentId: opts.agentId, queueId: opts.queueId }),
  };
}

/** How many cases with agents, offered and accepted (under the same agent / queue filter). */
export function heldCounts(db: Db, accountId: string, f: Omit<HeldFilter, 'state'> = {}) {
  const byQueue = heldCountsByQueue(db, accountId, f);
  const offered = byQueue.reduce((n, r) => n + r.offered, 0);
  const accepted = byQueue.reduce((n, r) => n + r.accepted, 0);
  return { offered, accepted, total: offered + accepted };
}

/** The same counts per queue (null: no queue), for the queue summary. */
export function heldCountsByQueue(db: Db, accountId: string, f: Omit<HeldFilter, 'state'> = {}) {
  const where = filterSql(f);
  const params: Record<string, string> = { accountId, ...(f.agentId ? { agentId: f.agentId } : {}), ...(f.queueId ? { queueId: f.queueId } : {}) };
  return db.$client.prepare(`SELECT queueId, sum(rank = 0) AS offered, sum(rank = 1) AS accepted FROM (${BASE}) ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY queueId`)
    .all(params) as { queueId: string | null; offered: number; accepted: number }[];
}
