// The inbox search's last word is a prefix ("ref" finds "refund"; search-query.ts). FTS5 answers a
// prefix query by first merging the lists of every term with that prefix into one, in memory, on
// every query, whatever its LIMIT: for a word in 10% of 2,000,000 messages that is ~8 ms before the
// first row. When the prefix has few terms, naming them (`"refund" OR "refunds"`) lets FTS5 read
// their lists lazily instead, newest first, and the walk (case-search-walk.ts) stops after a page.
//
// The terms are read from the index itself through an fts5vocab table created in the connection's
// TEMP schema (per connection, gone when it closes; nothing is written to the database file).
// Only a plain ASCII last word is expanded: its form in the index (unicode61: lower case) is known
// for sure. Anything else, or a prefix with many terms ("r"), keeps FTS5's prefix query.
import type Database from 'better-sqlite3';
import type { Db } from '../db/open-database';
import { toFtsQuery } from './search-query';

/** More terms than this (a one- or two-letter prefix): the prefix query is the better plan. */
const MAX_TERMS = 16;
const VOCAB = 'temp.parley_messages_fts_terms';

const steps = new WeakMap<Database.Database, Database.Statement | null>();

/** The statement reading the next term at or after a bound, or null when the vocab table cannot exist here. */
function nextTermStatement(sqlite: Database.Database): Database.Statement | null {
  let step = steps.get(sqlite);
  if (step === undefined) {
    try {
      sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${VOCAB} USING fts5vocab(main, 'messages_fts', 'instance')`);
      // 'instance' reads the index lazily: one seek per term, where 'row' would count each term's rows.
      step = sqlite.prepare(`SELECT term FROM ${VOCAB} WHERE term >= ? AND term < ? LIMIT 1`).pluck();
    } catch {
      step = null;
    }
    steps.set(sqlite, step);
  }
  return step;
}

/** The FTS5 query for what a person typed (search-query.ts), with the last word's terms named when they are few. */
export function searchFtsQuery(db: Db, input: string): string | null {
  const query = toFtsQuery(input);
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  const last = words?.[words.length - 1];
  if (!query || !last || !/^[A-Za-z0-9]+$/.test(last)) return query;
  const step = nextTermStatement(db.$client);
  if (!step) return query;
  const prefix = last.toLowerCase();
  // Terms sort as bytes: every term starting with the prefix lies in [prefix, prefix + U+10FFFF).
  const end = `${prefix}\u{10FFFF}`;
  const terms = [prefix];
  // Each step seeks just past the previous term (no term holds U+0001: it is not a token character).
  for (let term = step.get(`${prefix}\u0001`, end) as string | undefined; term !== undefined; term = step.get(`${term}\u0001`, end) as string | undefined) {
    if (terms.length >= MAX_TERMS) return query;
    terms.push(term);
  }
  const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;
  const named = terms.length === 1 ? quote(prefix) : `(${terms.map(quote).join(' OR ')})`;
  return [...words!.slice(0, -1).map(quote), named].join(' AND ');
}
