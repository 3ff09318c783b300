// Internal notes on a case: written by agents for each other, never sent to the customer. A note
// names the users it @mentions (their ids); writing one touches the case so the live stream tells
// every open console to refresh it.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cases, users } from '../db/schema';
import { caseNotes } from '../db/schema-workspace';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import { getCaseRow } from '../cases/case-queries';

export type NoteRow = typeof caseNotes.$inferSelect;

export function noteView(row: NoteRow, authorName?: string | null) {
  return {
    id: row.id,
    caseId: row.caseId,
    authorId: row.authorId,
    authorName: authorName ?? null,
    text: row.text,
    mentions: row.mentions,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function listNotes(db: Db, accountId: string, caseId: string) {
  getCaseRow(db, accountId, caseId);
  const rows = db.select({ n: caseNotes, authorName: users.name }).from(caseNotes)
    .leftJoin(users, eq(users.id, caseNotes.authorId))
    .where(and(eq(caseNotes.accountId, accountId), eq(caseNotes.caseId, caseId)))
    .orderBy(asc(caseNotes.id)).all();
  return rows.map((r) => noteView(r.n, r.authorName));
}

export function addNote(db: Db, accountId: string, caseId: string, input: { text: string; mentions?: string[] }, authorId: string) {
  getCaseRow(db, accountId, caseId);
  const mentions = [...new Set(input.mentions ?? [])];
  if (mentions.length) {
    const known = new Set(db.select({ id: users.id }).from(users)
      .where(and(eq(users.accountId, accountId), inArray(users.id, mentions))).all().map((u) => u.id));
    const unknown = mentions.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ParleyError(400, 'validation_failed', `No user ${unknown.join(', ')} in this account.`, unknown.map((id) => ({ path: 'mentions', message: `unknown user ${id}` })));
    }
  }
  const now = Date.now();
  const row = db.transaction((tx) => {
    const note = tx.insert(caseNotes).values({ id: newId('note', now), accountId, caseId, authorId, text: input.text, mentions, createdAt: now }).returning().get();
    // An agent's note is activity: the case rises for the colleagues it mentions (engine/cases/last-activity.ts).
    tx.update(cases).set({ updatedAt: now, lastActivityAt: now }).where(eq(cases.id, caseId)).run();
    return note;
  });
  const author = db.select({ name: users.name }).from(users).where(eq(users.id, authorId)).get();
  return noteView(row, author?.name);
}
