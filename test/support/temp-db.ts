// A real SQLite file in a temp dir with migrations applied, plus one account and one channel row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../engine/db/open-database';
import { accounts, channels } from '../../engine/db/schema';

export function tempDb(): { db: Db; dir: string; accountId: string; channelId: string; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
  const db = openDatabase(join(dir, 'parley.sqlite'));
  const now = Date.now();
  db.insert(accounts).values({ id: 'acct_1', name: 'Test', createdAt: now }).run();
  db.insert(channels).values({ id: 'ch_1', accountId: 'acct_1', type: 'byoc', name: 'BYOC', config: {}, createdAt: now, updatedAt: now }).run();
  return {
    db, dir, accountId: 'acct_1', channelId: 'ch_1',
    close() { db.$client.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
