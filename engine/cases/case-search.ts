// The inbox search condition (`q`): words in any message of the thread (full-text index) or a
// substring of the contact's name. Exact either way; the plan depends on how much matches.
//
// Written as one OR over the whole inbox, SQLite walks the cases newest first and tests each against
// the full list of matching messages, which it must build first: ~250 ms over 1,000,000 cases for a
// word in 10% of the messages, and for a rare word (an order number, one case) the name test still
// visits every case. So, given the page being read (`scope`), the word's messages are walked newest
// first (case-search-walk.ts): a common word fills the page within its newest matches and the walk
// stops there, proven exact; a rare word runs out of matches after a few, which lists every case
// with it, and those cases with the names' candidates (their trigram index,
// migrations/0010_inbox_change_log_and_name_search_triggers.sql) are fetched by id. When the filters
// keep few of a common word's matches (one agent's open cases), the cases they keep are read instead
// (at most 20,000); only past that does the query fall back to the walk over the inbox.
// test/bench/inbox.ts measures these.
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/open-database';
import { cases, contacts, messages } from '../db/schema';
import { containsPattern } from '../db/contains-pattern';
import { searchFtsQuery } from './fts-prefix-terms';
import { walkNewestMatches, type SearchScope } from './case-search-walk';

export type { SearchScope };

/** Without a scope: above this many cases with the words, the walk over the inbox is cheaper than the id list. */
const TEXT_CAP = 2000;
/** Names are cheaper to collect (one trigram lookup, then each contact's cases by index): a larger list. */
const CANDIDATE_CAP = 5000;

const dialect = new SQLiteSyncDialect();

/**
 * The condition "one of these cases". A plain `id IN (…)` is enough when the page is sorted by id;
 * sorted by last activity, the planner would rather walk the whole inbox in that order (its index has
 * no id prefix) and test each case, so the cases are named by their sort key instead,
 * `(last_activity_at, id) IN (VALUES …)`: one seek each into that same index, then a sort. A list
 * longer than CANDIDATE_CAP (SQLite takes at most 32,766 parameters) goes as one JSON parameter.
 */
function theseCases(db: Db, ids: string[], scope?: SearchScope): SQL {
  if (!ids.length) return sql`0`;
  if (ids.length > CANDIDATE_CAP) return sql`${cases.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  if (!scope || scope.order.length === 1) return inArray(cases.id, ids);
  const cols = sql.join(scope.order.map((c) => sql`${c}`), sql`, `);
  const { sql: text, params } = dialect.sqlToQuery(sql`SELECT ${cols} FROM cases WHERE ${cases.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  const keys = db.$client.prepare(text).raw().all(...params) as unknown[][];
  if (!keys.length) return sql`0`;
  return sql`(${cols}) IN (VALUES ${sql.join(keys.map((k) => sql`(${sql.join(k.map((v) => sql`${v}`), sql`, `)})`), sql`, `)})`;
}

/**
 * `scope`: the page the condition is for (the other conditions, the sort key, the rows read); with
 * it, a common word is answered by the walk. Without it, the candidates are counted first.
 */
export function searchCondition(db: Db, accountId: string, q: string, scope?: SearchScope): SQL {
  // The last word's few terms named, not a prefix query: FTS5 then reads the matches lazily (fts-prefix-terms.ts).
  const fts = searchFtsQuery(db, q);
  const pattern = containsPattern(q);
  let byText: string[];
  /** Every case (in scope, when there is one) with the words is in byText. */
  let complete: boolean;
  if (fts && scope) {
    const walk = walkNewestMatches(db, accountId, fts, pattern, scope);
    if (walk.kind === 'page') return theseCases(db, walk.ids, scope);
    complete = walk.kind === 'all';
    byText = walk.kind === 'all' ? walk.ids : [];
  } else {
    byText = fts
      ? db.$client.prepare(`SELECT DISTINCT m.case_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ? LIMIT ${TEXT_CAP + 1}`).pluck().all(fts) as string[]
      : [];
    complete = byText.length <= TEXT_CAP;
  }
  if (complete) {
    // The names' trigram index answers LIKE without ESCAPE; text with LIKE's wildcards in it reads the contacts.
    const byName = (/[\\%_]/.test(q)
      ? db.$client.prepare(`SELECT ca.id FROM contacts c JOIN cases ca ON ca.contact_id = c.id WHERE c.account_id = ? AND c.name LIKE ? ESCAPE '\\' LIMIT ${CANDIDATE_CAP + 1}`)
      : db.$client.prepare(`SELECT ca.id FROM contacts_name_fts f JOIN contacts c ON c.rowid = f.rowid JOIN cases ca ON ca.contact_id = c.id WHERE c.account_id = ? AND f.name LIKE ? LIMIT ${CANDIDATE_CAP + 1}`)
    ).pluck().all(accountId, pattern) as string[];
    if (byText.length + byName.length <= CANDIDATE_CAP) return theseCases(db, [...new Set([...byText, ...byName])], scope);
    // A common name: the walk over the inbox meets one soon.
    return or(sql`${contacts.name} LIKE ${pattern} ESCAPE '\\'`, byText.length ? theseCases(db, byText, scope) : undefined)!;
  }
  return or(
    sql`${contacts.name} LIKE ${pattern} ESCAPE '\\'`,
    fts ? sql`${cases.id} IN (SELECT m.case_id FROM messages_fts JOIN ${messages} m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ${fts})` : undefined,
  )!;
}
