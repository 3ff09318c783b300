// The inbox's change feed: cases and messages changed since a cursor, read from the database, so it
// sees changes made by any process (API, dispatcher, worker activities) without an in-memory bus.
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { attachments, cases, channels, contacts, messages } from '../db/schema';
import { caseView, messageView } from './case-queries';

export interface ChangeCursor {
  /** ms since epoch: changes at or after this time are read. */
  at: number;
  /** Rows already sent with updatedAt === at (same-millisecond changes must not be lost or repeated). */
  seen: Set<string>;
}

export type InboxChange =
  | { type: 'case'; data: ReturnType<typeof caseView> }
  | { type: 'message'; data: ReturnType<typeof messageView> };

const LIMIT = 500;

export function readInboxChanges(db: Db, accountId: string, cursor: ChangeCursor): { changes: InboxChange[]; cursor: ChangeCursor } {
  const caseRows = db
    .select({ c: cases, channelType: channels.type, contactName: contacts.name })
    .from(cases).innerJoin(channels, eq(channels.id, cases.channelId)).innerJoin(contacts, eq(contacts.id, cases.contactId))
    .where(and(eq(cases.accountId, accountId), gte(cases.updatedAt, cursor.at)))
    .orderBy(asc(cases.updatedAt)).limit(LIMIT).all()
    .map((r) => ({ key: `c:${r.c.id}:${r.c.updatedAt}`, at: r.c.updatedAt, change: { type: 'case' as const, data: caseView(r.c, r) } }));
  const messageRows = db.select().from(messages)
    .where(and(eq(messages.accountId, accountId), gte(messages.updatedAt, cursor.at)))
    .orderBy(asc(messages.updatedAt)).limit(LIMIT).all();
  const files = messageRows.length
    ? db.select().from(attachments).where(inArray(attachments.messageId, messageRows.map((m) => m.id))).all()
    : [];
  const messageChanges = messageRows.map((m) => ({
    key: `m:${m.id}:${m.updatedAt}`, at: m.updatedAt,
    change: { type: 'message' as const, data: messageView(m, files.filter((f) => f.messageId === m.id)) },
  }));

  const fresh = [...caseRows, ...messageChanges].filter((r) => !(r.at === cursor.at && cursor.seen.has(r.key))).sort((a, b) => a.at - b.at);
  if (fresh.length === 0) return { changes: [], cursor };
  const at = fresh[fresh.length - 1].at;
  const seen = new Set(fresh.filter((r) => r.at === at).map((r) => r.key));
  if (at === cursor.at) for (const key of cursor.seen) seen.add(key);
  return { changes: fresh.map((r) => r.change), cursor: { at, seen } };
}
