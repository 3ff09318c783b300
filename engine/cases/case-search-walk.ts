// The inbox search's page of cases, found by walking the words' messages newest first (FTS5 serves
// `ORDER BY rowid DESC` on a plain MATCH from its index) and stopping as soon as the page is full,
// instead of listing every matching message first (~250 ms for a word in 10% of 2,000,000 messages;
// test/bench/inbox.ts). A rare word simply runs out of matches first.
//
// The walk visits messages in insertion order, the page is sorted by the case's key (id, or last
// activity): the two mostly agree, but not always (an old case with a new message, a case closed
// today whose messages are a week old, a message rerouted to another case). So the page the walk
// found is then proven, exactly:
//   1. every case in scope (filters, visibility, cursor) that ranks above the page's last row and was
//      not found is listed by one indexed query, keeping only those whose contact's name matches, or
//      that have a message older than where the walk stopped (the walk has seen all the others' text);
//   2. the name matches join the page; the others' older messages are tested against the word in one
//      range query over the full-text index.
// Anything that joins can only push the page's last row up, so nothing outside the checked range can
// rank above it.
import { and, sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/open-database';

/** The page the search serves: what case-queries.ts will read with the search condition added. */
export interface SearchScope {
  /** Every other condition of the page: account, filters, visibility, cursor (columns of `cases` only). */
  where: SQL | undefined;
  /** The same without the cursor: the cases of every page (the page query applies the cursor again). */
  filters?: SQL;
  /** The page's sort key, every column descending; the last one unique (cases.id). */
  order: SQLiteColumn[];
  /** Rows the page reads: its limit + 1 (the extra row tells whether there is a next page). */
  rows: number;
}

export type WalkResult =
  /** The cases of the page (and the row after it), proven: the page query reads them by id. */
  | { kind: 'page'; ids: string[] }
  /** Every case in scope with the words (names not looked at): the walk reached the oldest match, or the filters' cases were read. */
  | { kind: 'all'; ids: string[] }
  /** The filters keep few of many matches but many cases: the walk stopped, nothing proven. */
  | { kind: 'gave-up' };

type Key = (number | string)[];

const dialect = new SQLiteSyncDialect();

/** The walk's limits (an object so that tests can reach every plan with little data). */
export const walkLimits = {
  /** Messages the walk reads at most; past it the page goes to the walk over the inbox. */
  maxWalkedMessages: 10_000,
  /** When the page would need more messages than maxWalkedMessages: read the page's cases, if at most this many. */
  maxScopeCases: 20_000,
  firstBatch: 64,
  maxBatch: 4096,
};

function compareDesc(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? -1 : 1;
  return 0;
}

const idIn = (ids: Iterable<string>) => sql`(SELECT value FROM json_each(${JSON.stringify([...ids])}))`;

/**
 * `fts` is an FTS5 query (search-query.ts), `namePattern` a LIKE pattern for the contact's name
 * (contains-pattern.ts, ESCAPE '\').
 */
export function walkNewestMatches(db: Db, accountId: string, fts: string, namePattern: string, scope: SearchScope): WalkResult {
  const sqlite = db.$client;
  const keyCols = sql.join(scope.order.map((c) => sql`${c}`), sql`, `);
  const keyOf = (row: unknown[]) => row.slice(1) as Key;
  const rowsOf = (query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return sqlite.prepare(text).raw().all(...params) as unknown[][];
  };
  const found = new Map<string, Key>();
  const seen = new Set<string>();
  // Joined here, the message's case id comes with each match: still FTS5's descending rowid walk.
  const matches = sqlite.prepare(`SELECT messages_fts.rowid, m.case_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
    WHERE messages_fts MATCH ? AND m.account_id = ? ORDER BY messages_fts.rowid DESC`).raw().iterate(fts, accountId) as IterableIterator<[number, string]>;
  /** The walk has read every match at or above this rowid. */
  let low = Number.MAX_SAFE_INTEGER;
  let walked = 0;
  let size = walkLimits.firstBatch;
  let done = false;
  let triedScope = false;
  let firstFoundAt = -1;
  try {
    for (;;) {
      const batch: string[] = [];
      while (batch.length < size) {
        const next = matches.next();
        if (next.done) { done = true; break; }
        const [rowid, caseId] = next.value;
        low = rowid;
        walked++;
        if (!seen.has(caseId)) { seen.add(caseId); batch.push(caseId); }
      }
      if (batch.length) {
        // The cases of this batch that the page's filters keep, with their sort key. The id list drives
        // the plan (CROSS JOIN keeps SQLite from walking the filters' index and probing the list).
        const rows = rowsOf(sql`SELECT cases.id, ${keyCols} FROM json_each(${JSON.stringify(batch)}) AS b CROSS JOIN cases ON cases.id = b.value
          WHERE ${scope.where ?? sql`1`}`);
        for (const row of rows) found.set(row[0] as string, keyOf(row));
      }
      if (found.size >= scope.rows) return { kind: 'page', ids: prove(done ? null : low) };
      if (done) return { kind: 'all', ids: [...found.keys()] };
      // Few matches pass the filters (one agent's open cases, one customer's): once the walk so far
      // says the page needs more than maxWalkedMessages, read the page's cases instead, when they
      // are few enough, and test all their messages at once. The rate is taken from the first case
      // found on (a later page finds nothing until it passes the earlier pages' cases).
      if (firstFoundAt < 0 && found.size) firstFoundAt = walked;
      const projected = found.size >= 3 ? firstFoundAt + ((walked - firstFoundAt) * scope.rows) / found.size
        : walked >= walkLimits.maxWalkedMessages / 2 ? Infinity : 0;
      if (!triedScope && projected > walkLimits.maxWalkedMessages) {
        triedScope = true;
        const all = scopeWithWords(db, fts, scope);
        if (all) return { kind: 'all', ids: all };
      }
      if (walked >= walkLimits.maxWalkedMessages) return { kind: 'gave-up' };
      size = Math.min(size * 2, walkLimits.maxBatch);
    }
  } finally {
    matches.return?.();
  }

  /** Steps 1 and 2 above; `low` null when the walk read every match. Returns the page's ids in order. */
  function prove(low: number | null): string[] {
    const ranked = () => [...found].sort((a, b) => compareDesc(a[1], b[1]));
    // The page's last row: everything ranking above it must be a found case (the row after it only
    // says "there is more", and it is a real match whatever its rank).
    const last = ranked()[Math.max(0, scope.rows - 2)][1];
    const above = scope.order.length === 1 ? sql`${scope.order[0]} > ${last[0]}` : sql`(${keyCols}) > (${sql.join(last.map((v) => sql`${v}`), sql`, `)})`;
    const olderText = low === null ? sql`0` : sql`EXISTS (SELECT 1 FROM messages m WHERE m.case_id = cases.id AND m.rowid < ${low})`;
    const byName = sql`contacts.name LIKE ${namePattern} ESCAPE '\\'`;
    const unchecked = rowsOf(sql`SELECT cases.id, ${keyCols}, ${byName} FROM cases JOIN contacts ON contacts.id = cases.contact_id
      WHERE ${and(scope.where, above)} AND cases.id NOT IN ${idIn(found.keys())} AND (${byName} OR ${olderText})`);
    const pending = new Map<string, Key>();
    for (const row of unchecked) {
      const key = row.slice(1, 1 + scope.order.length) as Key;
      if (row[row.length - 1]) found.set(row[0] as string, key);
      else pending.set(row[0] as string, key);
    }
    if (pending.size && low !== null) {
      // Their messages the walk has not read, tested against the words in one pass.
      const older = sqlite.prepare('SELECT rowid, case_id FROM messages WHERE case_id IN (SELECT value FROM json_each(?)) AND rowid < ?').raw()
        .all(JSON.stringify([...pending.keys()]), low) as [number, string][];
      for (const caseId of casesWithWords(db, fts, older)) found.set(caseId, pending.get(caseId)!);
    }
    return ranked().slice(0, scope.rows).map(([id]) => id);
  }
}

/**
 * Which of these messages (rowid, case id) hold the words: one pass over their rowid range of the
 * index, each match tested against the list (`rowid + 0`: a filter, not one index query per rowid;
 * FTS5 sets up a prefix query's full list of matches on every query, ~35 ns a match).
 */
function casesWithWords(db: Db, fts: string, candidates: [number, string][]): Set<string> {
  const out = new Set<string>();
  if (!candidates.length) return out;
  const caseOf = new Map(candidates);
  let min = Infinity, max = -Infinity;
  for (const [rowid] of candidates) { if (rowid < min) min = rowid; if (rowid > max) max = rowid; }
  // Bound as integers: FTS5 ignores a rowid bound given as a float (JavaScript numbers bind as REAL).
  const hits = db.$client.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid >= ? AND rowid <= ?
    AND rowid + 0 IN (SELECT value FROM json_each(?))`).pluck()
    .all(fts, BigInt(min), BigInt(max), JSON.stringify([...caseOf.keys()])) as number[];
  for (const rowid of hits) out.add(caseOf.get(rowid)!);
  return out;
}

/**
 * Every case the filters keep with the words (on this page and the others), or null when the filters
 * keep more than maxScopeCases cases. Without the cursor: with it, SQLite would read the inbox by last
 * activity from the cursor down rather than through the filters' index (one agent's cases, a status).
 */
function scopeWithWords(db: Db, fts: string, scope: SearchScope): string[] | null {
  const { sql: text, params } = dialect.sqlToQuery(sql`SELECT cases.id FROM cases WHERE ${scope.filters ?? scope.where ?? sql`1`} LIMIT ${walkLimits.maxScopeCases + 1}`);
  const ids = db.$client.prepare(text).pluck().all(...params) as string[];
  if (ids.length > walkLimits.maxScopeCases) return null;
  const messages = db.$client.prepare('SELECT m.rowid, m.case_id FROM json_each(?) AS j CROSS JOIN messages m ON m.case_id = j.value').raw()
    .all(JSON.stringify(ids)) as [number, string][];
  return [...casesWithWords(db, fts, messages)];
}
