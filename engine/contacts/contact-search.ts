// Contact search (GET /api/v1/contacts?q=): a substring of the name, email, phone or any channel
// identity's external id or name. Read through trigram indexes (contacts_name_fts from
// migrations/0010, contacts_reach_fts and contact_identities_fts from 0012) when the text can use
// them; otherwise the caller walks the contacts newest first with LIKE.
import type { Db } from '../db/open-database';
import { containsPattern } from '../db/contains-pattern';

/**
 * Above this many matching contacts, walking newest first finds a page sooner than the id list
 * (test/bench/inbox.ts: a surname shared by a sixth of 300,000 contacts).
 */
const CANDIDATE_CAP = 2000;

/** One trigram lookup per column (an OR across columns would scan the FTS table), each stopping past the cap. */
const LOOKUPS = [
  'SELECT c.id FROM contacts_name_fts f JOIN contacts c ON c.rowid = f.rowid WHERE c.account_id = ? AND f.name LIKE ?',
  'SELECT c.id FROM contacts_reach_fts f JOIN contacts c ON c.rowid = f.rowid WHERE c.account_id = ? AND f.email LIKE ?',
  'SELECT c.id FROM contacts_reach_fts f JOIN contacts c ON c.rowid = f.rowid WHERE c.account_id = ? AND f.phone LIKE ?',
  'SELECT i.contact_id FROM contact_identities_fts f JOIN contact_identities i ON i.rowid = f.rowid WHERE i.account_id = ? AND f.external_id LIKE ?',
  'SELECT i.contact_id FROM contact_identities_fts f JOIN contact_identities i ON i.rowid = f.rowid WHERE i.account_id = ? AND f.name LIKE ?',
].map((sql) => `${sql} LIMIT ${CANDIDATE_CAP + 1}`);

/**
 * The ids of this account's contacts matching `q`, or undefined when the indexes cannot answer:
 * under 3 characters (a trigram index needs one whole trigram), text with LIKE's wildcards (the
 * trigram LIKE takes no ESCAPE), or more than CANDIDATE_CAP matches (a common term: the walk stops
 * early, so the lookups stop as soon as the cap is passed).
 */
export function contactSearchIds(db: Db, accountId: string, q: string): string[] | undefined {
  if ([...q].length < 3 || /[\\%_]/.test(q)) return undefined;
  const pattern = containsPattern(q);
  const ids = new Set<string>();
  for (const sql of LOOKUPS) {
    for (const id of db.$client.prepare(sql).pluck().all(accountId, pattern) as string[]) ids.add(id);
    if (ids.size > CANDIDATE_CAP) return undefined;
  }
  return [...ids];
}
