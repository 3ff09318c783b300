// Raw prepared statements for the hot paths of rule events (ingest records one or two events per
// webhook): drizzle's query building costs more than the SQLite work, so statements are prepared
// once per connection. Works for a Db and for a drizzle transaction on it (same connection: a
// statement run inside `db.transaction(...)` is part of that transaction).
import type Database from 'better-sqlite3';
import type { Db } from '../../db/open-database';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** The better-sqlite3 connection behind a Db or one of its transactions. */
export function connectionOf(handle: DbOrTx): Database.Database {
  if ('$client' in handle && handle.$client) return handle.$client as Database.Database;
  // A drizzle transaction keeps its parent's session, whose `client` is the connection.
  const client = (handle as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client || typeof client.prepare !== 'function') throw new Error('Not a better-sqlite3 database or transaction.');
  return client;
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection. */
export function statement(handle: DbOrTx, sqlText: string): Database.Statement {
  const client = connectionOf(handle);
  let byText = cache.get(client);
  if (!byText) cache.set(client, (byText = new Map()));
  let stmt = byText.get(sqlText);
  if (!stmt) byText.set(sqlText, (stmt = client.prepare(sqlText)));
  return stmt;
}
