// Migration 0014 on a database that already holds cases: each case's last activity is backfilled
// from its newest message (or its creation when it has none), without flooding the live stream's
// change log, whose trigger on cases works again afterwards.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'engine', 'db', 'migrations');

describe('migration 0014: cases.last_activity_at', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  /** The migrations folder as it was before 0014 (the journal cut after 0013). */
  function migrationsBefore0014(): string {
    const dir = mkdtempSync(join(tmpdir(), 'parley-mig-'));
    dirs.push(dir);
    cpSync(MIGRATIONS, dir, { recursive: true });
    const journalFile = join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 13);
    writeFileSync(journalFile, JSON.stringify(journal));
    return dir;
  }

  it('backfills from the newest message or the creation time; the change log gets nothing; its trigger still fires', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
    dirs.push(dir);
    const sqlite = new Database(join(dir, 'p.db'));
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: migrationsBefore0014() });

    sqlite.exec(`insert into accounts (id, name, created_at) values ('acct', 'A', 1);
      insert into channels (id, account_id, type, name, config, enabled, created_at, updated_at) values ('ch', 'acct', 'byoc', 'MW', '{}', 1, 1, 1);
      insert into contacts (id, account_id, name, custom_fields, created_at, updated_at) values ('ct', 'acct', 'Ana', '{}', 1, 1);`);
    const addCase = sqlite.prepare(`insert into cases (id, account_id, channel_id, contact_id, thread_id, status, created_at, updated_at, status_updated_at)
      values (?, 'acct', 'ch', 'ct', ?, 'open', ?, ?, ?)`);
    // updated_at says "touched last" (the old order); the messages say otherwise.
    addCase.run('case_1', 't1', 1_000, 9_000, 1_000);
    addCase.run('case_2', 't2', 2_000, 2_500, 2_000);
    const addMessage = sqlite.prepare(`insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, tags, delivery_status, occurred_at, created_at, updated_at)
      values (?, 'acct', ?, 'ch', ?, 'customer', '{}', 'hi', '[]', 'received', ?, ?, ?)`);
    addMessage.run('msg_1', 'case_1', 'in', 1_100, 1_100, 1_100);
    addMessage.run('msg_2', 'case_1', 'out', 4_000, 4_000, 8_000);
    const logBefore = (sqlite.prepare('select count(*) n from inbox_changes').get() as { n: number }).n;

    migrate(db, { migrationsFolder: MIGRATIONS });

    const rows = sqlite.prepare('select id, last_activity_at from cases order by id').all();
    expect(rows).toEqual([{ id: 'case_1', last_activity_at: 4_000 }, { id: 'case_2', last_activity_at: 2_000 }]);
    expect((sqlite.prepare('select count(*) n from inbox_changes').get() as { n: number }).n).toBe(logBefore);
    sqlite.prepare("update cases set preview = 'x' where id = 'case_2'").run();
    expect(sqlite.prepare('select kind, row_id from inbox_changes order by seq desc limit 1').get()).toEqual({ kind: 'case', row_id: 'case_2' });
    sqlite.close();
  });
});
