// The inbox search condition (`q`): words in any message of the thread (full-text index) or a
// substring of the contact's name. Exact either way; the plan depends on how much matches.
//
// Written as one OR over the whole inbox, SQLite walks the cases newest first and tests each against
// the full list of matching messages, which it must build first: ~1 s over 1,000,000 cases for a word
// in 10% of the messages, and for a rare word (an order number, one case) the name test still visits
// every case. So the candidates are counted first, capped (names through their trigram index,
// migrations/0010_inbox_change_log_and_name_search_triggers.sql): when both lists are small (the usual search: a reference, an email, a name) the
// cases are fetched by id; only when a term is common does the query fall back to the walk.
// test/bench/inbox.ts measures both.
import { or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cases, contacts, messages } from '../db/schema';
import { containsPattern } from '../db/contains-pattern';
import { toFtsQuery } from './search-query';

/** Above this many cases with the words, the walk over the inbox is cheaper than the id list. */
const TEXT_CAP = 2000;
/** Names are cheaper to collect (one trigram lookup, then each contact's cases by index): a larger list. */
const CANDIDATE_CAP = 5000;

export function searchCondition(db: Db, accountId: string, q: string): SQL {
  const fts = toFtsQuery(q);
  const pattern = containsPattern(q);
  const byText = fts
    ? db.$client.prepare(`SELECT DISTINCT m.case_id FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ? LIMIT ${TEXT_CAP + 1}`).pluck().all(fts) as string[]
    : [];
  if (byText.length <= TEXT_CAP) {
    // The names' trigram index answers LIKE without ESCAPE; text with LIKE's wildcards in it reads the contacts.
    const byName = (/[\\%_]/.test(q)
      ? db.$client.prepare(`SELECT ca.id FROM contacts c JOIN cases ca ON ca.contact_id = c.id WHERE c.account_id = ? AND c.name LIKE ? ESCAPE '\\' LIMIT ${CANDIDATE_CAP + 1}`)
      : db.$client.prepare(`SELECT ca.id FROM contacts_name_fts f JOIN contacts c ON c.rowid = f.rowid JOIN cases ca ON ca.contact_id = c.id WHERE c.account_id = ? AND f.name LIKE ? LIMIT ${CANDIDATE_CAP + 1}`)
    ).pluck().all(accountId, pattern) as string[];
    if (byText.length + byName.length <= CANDIDATE_CAP) {
      const ids = [...new Set([...byText, ...byName])];
      return sql`${cases.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
    }
  }
  return or(
    sql`${contacts.name} LIKE ${pattern} ESCAPE '\\'`,
    fts ? sql`${cases.id} IN (SELECT m.case_id FROM messages_fts JOIN ${messages} m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ${fts})` : undefined,
  )!;
}
