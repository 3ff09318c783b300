// The inbox's change feed, read from the change log (engine/db/schema-stream.ts): every change to a
// case or a message, by any process, numbered by a seq taken in the writing transaction. A cursor is
// the last seq a client has; reading "after" it gives each change exactly once, in commit order.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { attachments, cases, channels, contacts, messages } from '../db/schema';
import { inboxChanges } from '../db/schema-stream';
import { caseView, messageView } from './case-queries';
import { consentStatesOf } from '../teams/file-consents';
import { isCaseVisible, type CaseVisibility } from '../routing/case-visibility';

export type InboxChange =
  | { seq: number; type: 'case'; data: ReturnType<typeof caseView> }
  | { seq: number; type: 'message'; data: ReturnType<typeof messageView> }
  /**
   * A change of a case this reader may not see (now): reassigned to another agent or moved out of
   * their skills, or erased. Only the id goes out, so a list that still shows the case can drop it.
   * The rule is deliberately simple: every such case change is sent, whether or not the reader ever
   * saw the case; it tells an agent that some case id of their account changed, never its content.
   */
  | { seq: number; type: 'case_hidden'; data: { id: string } };

/** Where a stream starts: after `cursor`; `reset` when the client's place is gone and it must reload. */
export interface StreamStart {
  cursor: number;
  reset?: 'pruned' | 'unknown_cursor';
}

const LIMIT = 500;

/** The last seq ever taken (0 on a fresh database); survives pruning. */
function head(db: Db): number {
  const row = db.$client.prepare("select seq from sqlite_sequence where name = 'inbox_changes'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

function oldest(db: Db): { seq: number; at: number } | undefined {
  return db.$client.prepare('select seq, at from inbox_changes order by seq limit 1').get() as { seq: number; at: number } | undefined;
}

/** The stream's start for a client that had every change up to `lastSeq` (its Last-Event-ID). */
export function resumeAfter(db: Db, lastSeq: number): StreamStart {
  return db.$client.transaction((): StreamStart => {
    const last = head(db);
    // An id this database never gave (another installation, or a timestamp id from before the log).
    if (lastSeq > last) return { cursor: last, reset: 'unknown_cursor' };
    const first = oldest(db)?.seq ?? last + 1;
    // The changes right after the client's place were pruned: it cannot catch up change by change.
    if (first > lastSeq + 1) return { cursor: last, reset: 'pruned' };
    return { cursor: lastSeq };
  })();
}

/** The stream's start for `?since=<ms>`: before the first change committed at or after that time. */
export function startAt(db: Db, since: number): StreamStart {
  return db.$client.transaction((): StreamStart => {
    const last = head(db);
    const first = oldest(db);
    if (!first) return { cursor: last };
    // Rows were pruned (the log no longer starts at seq 1) and the kept ones begin after `since`:
    // changes between `since` and the oldest kept one may be gone.
    if (first.seq > 1 && since < first.at) return { cursor: last, reset: 'pruned' };
    const from = db.$client.prepare('select min(seq) seq from inbox_changes where at >= ?').get(since) as { seq: number | null };
    return { cursor: from.seq == null ? last : from.seq - 1 };
  })();
}

/** The stream's start for a client that wants only what happens from now on. */
export function startNow(db: Db): StreamStart {
  return { cursor: head(db) };
}

/**
 * This account's changes after `cursor`, read in one snapshot. Several changes of one row come as
 * one event with the row's current state and the seq of its latest change, in seq order (so an
 * event's seq is a cursor that skips nothing unsent). `cursor` comes back advanced over everything
 * read, other accounts' changes included; `more` when a full page was read (more may be waiting).
 */
export function readInboxChanges(db: Db, accountId: string, cursor: number, visibleTo?: CaseVisibility): { changes: InboxChange[]; cursor: number; more: boolean } {
  return db.$client.transaction(() => {
    const rows = db.select({ seq: inboxChanges.seq, kind: inboxChanges.kind, rowId: inboxChanges.rowId }).from(inboxChanges)
      .where(and(eq(inboxChanges.accountId, accountId), gt(inboxChanges.seq, cursor)))
      .orderBy(asc(inboxChanges.seq)).limit(LIMIT).all();
    // A full page may have more behind it; otherwise this snapshot holds nothing newer for the account.
    const more = rows.length === LIMIT;
    const next = more ? rows[rows.length - 1].seq : Math.max(cursor, head(db));
    if (rows.length === 0) return { changes: [], cursor: next, more };

    const latest = new Map<string, { seq: number; kind: 'case' | 'message'; rowId: string }>();
    for (const r of rows) latest.set(`${r.kind}:${r.rowId}`, r);
    const ids = (kind: 'case' | 'message') => [...latest.values()].filter((r) => r.kind === kind).map((r) => r.rowId);

    const caseIds = ids('case');
    const caseById = new Map(caseIds.length === 0 ? [] : db
      .select({ c: cases, channelType: channels.type, contactName: contacts.name })
      .from(cases).innerJoin(channels, eq(channels.id, cases.channelId)).innerJoin(contacts, eq(contacts.id, cases.contactId))
      .where(and(eq(cases.accountId, accountId), inArray(cases.id, caseIds))).all()
      .map((r) => [r.c.id, caseView(r.c, r)] as const));

    const messageIds = ids('message');
    const messageRows = messageIds.length === 0 ? [] : db.select().from(messages)
      .where(and(eq(messages.accountId, accountId), inArray(messages.id, messageIds))).all();
    const files = messageRows.length === 0 ? [] : db.select().from(attachments).where(inArray(attachments.messageId, messageRows.map((m) => m.id))).all();
    const channelIds = [...new Set(messageRows.map((m) => m.channelId))];
    const channelType = new Map(channelIds.length === 0 ? [] : db.select({ id: channels.id, type: channels.type }).from(channels)
      .where(inArray(channels.id, channelIds)).all().map((ch) => [ch.id, ch.type] as const));
    // Teams files offered by consent carry their state (waiting, delivered, declined…): read only for those.
    const consents = consentStatesOf(db, [...new Set(messageRows
      .filter((m) => m.direction === 'out' && channelType.get(m.channelId) === 'teams' && files.some((f) => f.messageId === m.id)).map((m) => m.caseId))]);
    const messageById = new Map(messageRows.map((m) => [m.id, messageView(m, files.filter((f) => f.messageId === m.id), channelType.get(m.channelId), consents)] as const));

    // An agent limited to their cases gets only the changes of cases they may see (routing, issue #10).
    const caseOfMessage = new Map(messageRows.map((m) => [m.id, m.caseId] as const));
    const visibleCaseIds = visibleTo ? visibleCases(db, accountId, [...new Set([...caseIds, ...caseOfMessage.values()])], visibleTo) : undefined;
    const shown = (caseId: string | undefined) => !visibleCaseIds || (caseId !== undefined && visibleCaseIds.has(caseId));

    const changes: InboxChange[] = [];
    for (const r of [...latest.values()].sort((a, b) => a.seq - b.seq)) {
      if (r.kind === 'case') {
        const data = caseById.get(r.rowId);
        // A case out of sight (or gone since: a privacy erase) goes out as its id only.
        if (data && shown(r.rowId)) changes.push({ seq: r.seq, type: 'case', data });
        else changes.push({ seq: r.seq, type: 'case_hidden', data: { id: r.rowId } });
        continue;
      }
      // A message of a case out of sight is dropped: its case's own change says case_hidden.
      if (!shown(caseOfMessage.get(r.rowId))) continue;
      const data = messageById.get(r.rowId);
      if (data) changes.push({ seq: r.seq, type: 'message', data });
    }
    return { changes, cursor: next, more };
  })();
}

function visibleCases(db: Db, accountId: string, caseIds: string[], v: CaseVisibility): Set<string> {
  if (caseIds.length === 0) return new Set();
  const rows = db.select({ id: cases.id, assigneeId: cases.assigneeId, skillId: cases.skillId }).from(cases)
    .where(and(eq(cases.accountId, accountId), inArray(cases.id, caseIds))).all();
  return new Set(rows.filter((r) => isCaseVisible(v, r)).map((r) => r.id));
}
