// Canned responses: reusable replies an agent picks by short code in the composer. The variables
// ({{contact.name}}, …) stay in the stored text; the composer fills them for the case at hand.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cannedResponses } from '../db/schema-workspace';
import { containsPattern } from '../db/contains-pattern';
import { ParleyError, notFound } from '../errors';
import { newId } from '../ids';

export type CannedRow = typeof cannedResponses.$inferSelect;

export interface CannedInput {
  shortCode: string;
  title: string;
  content: string;
}

export function cannedView(row: CannedRow) {
  return {
    id: row.id,
    shortCode: row.shortCode,
    title: row.title,
    content: row.content,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Short codes first (a prefix match ranks above a match elsewhere), then titles and content. */
export function listCanned(db: Db, accountId: string, q?: string) {
  const where = [eq(cannedResponses.accountId, accountId)];
  if (q?.trim()) {
    const pattern = containsPattern(q.trim());
    where.push(or(
      sql`${cannedResponses.shortCode} LIKE ${pattern} ESCAPE '\\'`,
      sql`${cannedResponses.title} LIKE ${pattern} ESCAPE '\\'`,
      sql`${cannedResponses.content} LIKE ${pattern} ESCAPE '\\'`,
    )!);
  }
  const rows = db.select().from(cannedResponses).where(and(...where)).orderBy(asc(cannedResponses.shortCode)).all();
  const prefix = q?.trim().toLowerCase();
  const ranked = prefix ? [...rows].sort((a, b) => Number(!a.shortCode.startsWith(prefix)) - Number(!b.shortCode.startsWith(prefix))) : rows;
  return ranked.map(cannedView);
}

export function getCanned(db: Db, accountId: string, id: string): CannedRow {
  const row = db.select().from(cannedResponses).where(and(eq(cannedResponses.id, id), eq(cannedResponses.accountId, accountId))).get();
  if (!row) throw notFound('canned response', id);
  return row;
}

function assertCodeFree(db: Db, accountId: string, shortCode: string, exceptId?: string) {
  const clash = db.select({ id: cannedResponses.id }).from(cannedResponses)
    .where(and(eq(cannedResponses.accountId, accountId), eq(cannedResponses.shortCode, shortCode))).get();
  if (clash && clash.id !== exceptId) {
    throw new ParleyError(409, 'short_code_taken', `The short code "${shortCode}" is already used by another canned response.`, [
      { path: 'shortCode', message: 'already in use' },
    ]);
  }
}

export function createCanned(db: Db, accountId: string, input: CannedInput, createdBy: string | null) {
  assertCodeFree(db, accountId, input.shortCode);
  const now = Date.now();
  const row = db.insert(cannedResponses)
    .values({ id: newId('can', now), accountId, ...input, createdBy, createdAt: now, updatedAt: now })
    .returning().get();
  return cannedView(row);
}

export function updateCanned(db: Db, accountId: string, id: string, patch: Partial<CannedInput>) {
  getCanned(db, accountId, id);
  if (patch.shortCode !== undefined) assertCodeFree(db, accountId, patch.shortCode, id);
  const row = db.update(cannedResponses).set({ ...patch, updatedAt: Date.now() })
    .where(and(eq(cannedResponses.id, id), eq(cannedResponses.accountId, accountId))).returning().get();
  return cannedView(row);
}

export function deleteCanned(db: Db, accountId: string, id: string) {
  getCanned(db, accountId, id);
  db.delete(cannedResponses).where(and(eq(cannedResponses.id, id), eq(cannedResponses.accountId, accountId))).run();
}

