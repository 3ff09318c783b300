// Reading cases for the inbox: filtered, cursor-paginated lists and a case with its thread.
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { describeCaseEvent } from './timeline-text';
import { attachments, caseEvents, cases, channels, contacts, messages } from '../db/schema';
import { ParleyError, notFound } from '../errors';
import { searchCondition } from './case-search';
import type { CaseVisibility } from '../routing/case-visibility';
import { messageRendering } from '../workspace/message-rendering';
import { consentStatesFrom } from '../teams/file-consents';

export type CaseRow = typeof cases.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export interface CaseFilters {
  status?: CaseRow['status'][];
  channelId?: string;
  /** An assignee id, or "none" for unassigned cases. */
  assigneeId?: string;
  skillId?: string;
  contactId?: string;
  /** Text query over the thread's messages, the case preview and the contact's name. */
  q?: string;
  /** Routing (issue #10): an agent sees only cases assigned to them or in their skills. */
  visibleTo?: CaseVisibility;
}

/**
 * `created`: newest case first (the cursor is the last case id). `activity`: the case with the most
 * recent activity first (last_activity_at: a customer message, a reply, an agent's status change,
 * assignment, transfer or note; not Parley's bookkeeping, see last-activity.ts); the cursor is
 * `<last_activity_at>.<id>`, a keyset over the index cases_account_last_activity.
 */
export type CaseSort = 'created' | 'activity';

/** Reads an activity cursor; undefined when the text is not one (the route answers 400). */
export function parseActivityCursor(cursor: string): { at: number; id: string } | undefined {
  const m = /^(\d{1,16})\.(.+)$/.exec(cursor);
  return m ? { at: Number(m[1]), id: m[2] } : undefined;
}

/** The visibility condition: assigned to the agent, or needing one of their skills. */
function visibleCondition(v: CaseVisibility): SQL {
  return or(eq(cases.assigneeId, v.userId), v.skillIds.length ? inArray(cases.skillId, v.skillIds) : undefined)!;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function caseView(row: CaseRow, extra?: { channelType?: string; contactName?: string | null }) {
  return {
    id: row.id,
    status: row.status,
    channelId: row.channelId,
    channelType: extra?.channelType,
    contactId: row.contactId,
    contactName: extra?.contactName ?? null,
    threadId: row.threadId,
    assigneeId: row.assigneeId,
    skillId: row.skillId,
    priority: row.priority,
    tags: row.tags,
    preview: row.preview,
    inboundCount: row.inboundCount,
    outboundCount: row.outboundCount,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    lastActivityAt: iso(row.lastActivityAt)!,
    statusUpdatedAt: iso(row.statusUpdatedAt)!,
    statusUpdatedBy: row.statusUpdatedBy,
    lastInboundAt: iso(row.lastInboundAt),
    lastOutboundAt: iso(row.lastOutboundAt),
    autoCloseAt: iso(row.autoCloseAt),
    closedAt: iso(row.closedAt),
  };
}

/**
 * A message for the API; `channelType` lets an older outbound row without a stored rendering be rendered again;
 * `consents` is where each file offered through Teams' file consent stands (engine/teams/file-consents.ts).
 */
export function messageView(row: MessageRow, files: (typeof attachments.$inferSelect)[] = [], channelType?: string, consents?: ReadonlyMap<string, string>) {
  return {
    id: row.id,
    caseId: row.caseId,
    direction: row.direction,
    authorType: row.authorType,
    authorId: row.authorId,
    content: row.content,
    text: row.fallbackText,
    deliveryStatus: row.deliveryStatus,
    deliveryError: row.deliveryError,
    rendering: messageRendering(channelType, row),
    providerMessageId: row.providerMessageId,
    attachments: files.map((f) => ({ id: f.id, url: f.url, mime: f.mime, name: f.name, size: f.size, ...(consents?.has(f.id) ? { consent: consents.get(f.id) } : {}) })),
    occurredAt: iso(row.occurredAt)!,
    createdAt: iso(row.createdAt)!,
  };
}

export function listCases(db: Db, accountId: string, filters: CaseFilters, page: { limit: number; cursor?: string; sort?: CaseSort }) {
  const byActivity = page.sort === 'activity';
  const where: (SQL | undefined)[] = [eq(cases.accountId, accountId)];
  if (filters.status?.length) where.push(inArray(cases.status, filters.status));
  if (filters.channelId) where.push(eq(cases.channelId, filters.channelId));
  if (filters.assigneeId) where.push(filters.assigneeId === 'none' ? isNull(cases.assigneeId) : eq(cases.assigneeId, filters.assigneeId));
  if (filters.skillId) where.push(eq(cases.skillId, filters.skillId));
  if (filters.contactId) where.push(eq(cases.contactId, filters.contactId));
  if (filters.visibleTo) where.push(visibleCondition(filters.visibleTo));
  const filtersOnly = and(...where);
  if (page.cursor && byActivity) {
    const after = parseActivityCursor(page.cursor);
    if (!after) throw new ParleyError(400, 'validation_failed', 'This cursor is not a `sort=activity` cursor.', [{ path: 'cursor', message: 'use the nextCursor of the previous page, with the same sort' }]);
    // A row value comparison: SQLite walks the index from this (last_activity_at, id) downwards.
    where.push(sql`(${cases.lastActivityAt}, ${cases.id}) < (${after.at}, ${after.id})`);
  } else if (page.cursor) where.push(lt(cases.id, page.cursor));
  // The page's order, newest first; the search needs it too (it stops once this page is full).
  const sortKey = byActivity ? [cases.lastActivityAt, cases.id] : [cases.id];
  // Words in any message of the thread (full-text index), or a substring of the contact's name.
  if (filters.q) where.push(searchCondition(db, accountId, filters.q, { where: and(...where), filters: filtersOnly, order: sortKey, rows: page.limit + 1 }));
  const rows = db
    .select({ c: cases, channelType: channels.type, contactName: contacts.name })
    .from(cases)
    .innerJoin(channels, eq(channels.id, cases.channelId))
    .innerJoin(contacts, eq(contacts.id, cases.contactId))
    .where(and(...where))
    .orderBy(...sortKey.map((column) => desc(column)))
    .limit(page.limit + 1)
    .all();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1]?.c;
  return {
    items: items.map((r) => caseView(r.c, { channelType: r.channelType, contactName: r.contactName })),
    nextCursor: rows.length > page.limit ? (byActivity ? `${last.lastActivityAt}.${last.id}` : last.id) : null,
  };
}

export function getCaseRow(db: Db, accountId: string, id: string): CaseRow {
  const row = db.select().from(cases).where(and(eq(cases.id, id), eq(cases.accountId, accountId))).get();
  if (!row) throw notFound('case', id);
  return row;
}

export function getCaseWithThread(db: Db, accountId: string, id: string, visibleTo?: CaseVisibility) {
  const row = getCaseRow(db, accountId, id);
  // A case the agent may not see answers like one that does not exist.
  if (visibleTo && row.assigneeId !== visibleTo.userId && !(row.skillId && visibleTo.skillIds.includes(row.skillId))) throw notFound('case', id);
  const channel = db.select({ type: channels.type }).from(channels).where(eq(channels.id, row.channelId)).get();
  const contact = db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, row.contactId)).get();
  const thread = db.select().from(messages).where(eq(messages.caseId, id)).orderBy(asc(messages.id)).all();
  const files = thread.length
    ? db.select().from(attachments).where(inArray(attachments.messageId, thread.map((m) => m.id))).all()
    : [];
  const events = db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.id)).all();
  const consents = consentStatesFrom(events);
  return {
    ...caseView(row, { channelType: channel?.type, contactName: contact?.name }),
    messages: thread.map((m) => messageView(m, files.filter((f) => f.messageId === m.id), channel?.type, consents)),
    events: events.map((e) => ({ type: e.type, from: e.from, to: e.to, actor: e.actor, detail: e.detail ?? null, description: describeCaseEvent(e), at: iso(e.at)! })),
  };
}


