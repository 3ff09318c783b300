// Contact lists: a streamed CSV import written in batches (one transaction per batch, progress
// updated with each), duplicates dropped by a unique index on (list, dedupe key), and the reads
// the API serves (lists, one list with its validation report, rows page by page).
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { contactListIssues, contactListRows, contactLists, type ContactListMapping } from '../db/schema-outreach';
import { notFound, ParleyError } from '../errors';
import { newId } from '../ids';
import type { MappingRequest } from './csv-mapping';
import type { RowIssue } from './csv-rows';
import { readContactCsv } from './csv-stream';

/** Rows per write transaction: large enough to be fast, small enough that progress moves. */
const BATCH_ROWS = 1000;
/** Issues returned with a list; the rest page through /issues. */
const REPORT_PREVIEW = 100;

type ListRecord = typeof contactLists.$inferSelect;

export interface ContactListView {
  id: string;
  name: string;
  status: ListRecord['status'];
  mapping: ContactListMapping | null;
  delimiter: string | null;
  counts: { rowsRead: number; valid: number; invalid: number; duplicates: number };
  /** 0–1 while importing, from bytes read of the announced size (null when the size is unknown); 1 once done. */
  progress: number | null;
  bytesRead: number;
  bytesTotal: number | null;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
}

export function viewList(row: ListRecord): ContactListView {
  const progress = row.status !== 'importing' ? 1 : row.bytesTotal ? Math.min(1, row.bytesRead / row.bytesTotal) : null;
  return {
    id: row.id, name: row.name, status: row.status, mapping: row.mapping ?? null, delimiter: row.delimiter,
    counts: { rowsRead: row.rowsRead, valid: row.validRows, invalid: row.invalidRows, duplicates: row.duplicateRows },
    progress, bytesRead: row.bytesRead, bytesTotal: row.bytesTotal, error: row.error,
    createdAt: new Date(row.createdAt).toISOString(), completedAt: row.completedAt ? new Date(row.completedAt).toISOString() : null,
  };
}

export function getListRow(db: Db, accountId: string, id: string): ListRecord {
  const row = db.select().from(contactLists).where(and(eq(contactLists.id, id), eq(contactLists.accountId, accountId))).get();
  if (!row) throw notFound('contact_list', id);
  return row;
}

export function getList(db: Db, accountId: string, id: string) {
  const row = getListRow(db, accountId, id);
  const issues = listIssues(db, row.id, { limit: REPORT_PREVIEW });
  const issueCount = db.select({ n: sql<number>`count(*)` }).from(contactListIssues).where(eq(contactListIssues.listId, row.id)).get()!.n;
  return { ...viewList(row), report: { issueCount, issues: issues.items } };
}

export function listLists(db: Db, accountId: string, opts: { limit: number; cursor?: string }) {
  const rows = db.select().from(contactLists)
    .where(and(eq(contactLists.accountId, accountId), opts.cursor ? lt(contactLists.id, opts.cursor) : undefined))
    .orderBy(desc(contactLists.id)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  return { items: page.map(viewList), nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null };
}

export function listIssues(db: Db, listId: string, opts: { limit: number; afterId?: number }) {
  const rows = db.select().from(contactListIssues)
    .where(and(eq(contactListIssues.listId, listId), opts.afterId ? gt(contactListIssues.id, opts.afterId) : undefined))
    .orderBy(asc(contactListIssues.id)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({ rowNumber: r.rowNumber, field: r.field, reason: r.reason })),
    nextCursor: rows.length > opts.limit ? String(page[page.length - 1].id) : null,
  };
}

export function listRows(db: Db, accountId: string, listId: string, opts: { limit: number; afterRow?: number }) {
  getListRow(db, accountId, listId);
  const rows = db.select().from(contactListRows)
    .where(and(eq(contactListRows.listId, listId), opts.afterRow ? gt(contactListRows.rowNumber, opts.afterRow) : undefined))
    .orderBy(asc(contactListRows.rowNumber)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({ rowNumber: r.rowNumber, externalId: r.externalId, name: r.name, identities: r.identities, variables: r.variables })),
    nextCursor: rows.length > opts.limit ? String(page[page.length - 1].rowNumber) : null,
  };
}

export interface ImportInput {
  accountId: string;
  name: string;
  source: AsyncIterable<Buffer | string>;
  mapping?: MappingRequest;
  /** The upload's announced size, for the progress field. */
  bytesTotal?: number | null;
  now?: () => number;
}

/** Creates the list row at once (status importing) so the import can be watched while it runs. */
export function createList(db: Db, input: Pick<ImportInput, 'accountId' | 'name' | 'bytesTotal'>, now = Date.now()): string {
  const id = newId('cl', now);
  db.insert(contactLists).values({
    id, accountId: input.accountId, name: input.name, status: 'importing', bytesTotal: input.bytesTotal ?? null, createdAt: now, updatedAt: now,
  }).run();
  return id;
}

/** Streams the CSV into the list; the list ends `ready`, or `failed` with the reason (and the error is rethrown). */
export async function importIntoList(db: Db, listId: string, input: ImportInput) {
  const now = input.now ?? Date.now;
  const sqlite = db.$client;
  const insertRow = sqlite.prepare(`insert or ignore into contact_list_rows (list_id, row_number, dedupe_key, external_id, name, identities, variables)
    values (?, ?, ?, ?, ?, ?, ?)`);
  const firstWithKey = sqlite.prepare('select row_number from contact_list_rows where list_id = ? and dedupe_key = ?').pluck();
  const insertIssue = sqlite.prepare('insert into contact_list_issues (list_id, row_number, field, reason) values (?, ?, ?, ?)');
  const progress = sqlite.prepare(`update contact_lists set rows_read = rows_read + ?, valid_rows = valid_rows + ?, invalid_rows = invalid_rows + ?,
    duplicate_rows = duplicate_rows + ?, bytes_read = ?, updated_at = ? where id = ?`);

  let pending: { row?: import('./csv-rows').ListRow; issues?: RowIssue[] }[] = [];
  let bytesRead = 0;
  const flush = sqlite.transaction(() => {
    let valid = 0, invalid = 0, duplicates = 0, read = 0;
    for (const item of pending) {
      if (item.row) {
        read++;
        const r = item.row;
        const inserted = insertRow.run(listId, r.rowNumber, r.dedupeKey, r.externalId, r.name, JSON.stringify(r.identities), JSON.stringify(r.variables));
        if (inserted.changes === 1) { valid++; continue; }
        duplicates++;
        const first = firstWithKey.get(listId, r.dedupeKey) as number;
        const [kind] = r.dedupeKey.split(':', 1);
        insertIssue.run(listId, r.rowNumber, kind === 'id' ? 'externalId' : kind, `duplicate of row ${first}`);
      } else {
        // A record-level issue (field `row`) is one malformed record each; field issues belong to one rejected row.
        const rows = item.issues!.every((i) => i.field === 'row') ? item.issues!.length : 1;
        read += rows;
        invalid += rows;
        for (const issue of item.issues!) insertIssue.run(listId, issue.rowNumber, issue.field, issue.reason);
      }
    }
    progress.run(read, valid, invalid, duplicates, bytesRead, now(), listId);
    pending = [];
  });

  try {
    for await (const event of readContactCsv(input.source, input.mapping)) {
      if (event.type === 'header') {
        db.update(contactLists).set({ mapping: event.mapping, delimiter: event.delimiter, updatedAt: now() }).where(eq(contactLists.id, listId)).run();
        continue;
      }
      bytesRead = event.bytesRead;
      pending.push(event.type === 'row' ? { row: event.row } : { issues: event.issues });
      if (pending.length >= BATCH_ROWS) flush();
    }
    flush();
    db.update(contactLists).set({ status: 'ready', completedAt: now(), updatedAt: now() }).where(eq(contactLists.id, listId)).run();
  } catch (err) {
    if (pending.length) flush();
    const message = err instanceof ParleyError ? err.message : `The upload could not be read: ${(err as Error).message}`;
    db.update(contactLists).set({ status: 'failed', error: message, completedAt: now(), updatedAt: now() }).where(eq(contactLists.id, listId)).run();
    throw err;
  }
}

export async function importContactList(db: Db, input: ImportInput) {
  const id = createList(db, input, (input.now ?? Date.now)());
  await importIntoList(db, id, input);
  return getList(db, input.accountId, id);
}
