-- Custom migration (drizzle-kit generate --custom): what drizzle's schema cannot express, for the tables
-- of 0009. Keep this file as it is when regenerating.
--
-- 1. The inbox change log's triggers (engine/db/schema-stream.ts, engine/cases/inbox-changes.ts).
-- Hand-written: every committed insert or update of a case or a message (and a file attached to a
-- message) appends one row, inside the writer's transaction, so seq order is commit order.
CREATE TRIGGER `inbox_changes_case_insert` AFTER INSERT ON `cases` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'case', NEW.`id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;--> statement-breakpoint
CREATE TRIGGER `inbox_changes_case_update` AFTER UPDATE ON `cases` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'case', NEW.`id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;--> statement-breakpoint
CREATE TRIGGER `inbox_changes_message_insert` AFTER INSERT ON `messages` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'message', NEW.`id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;--> statement-breakpoint
CREATE TRIGGER `inbox_changes_message_update` AFTER UPDATE ON `messages` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'message', NEW.`id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;--> statement-breakpoint
CREATE TRIGGER `inbox_changes_attachment_insert` AFTER INSERT ON `attachments` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'message', NEW.`message_id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;--> statement-breakpoint
-- Hand-written: retention. Every 1,000th change deletes the rows older than 24 hours, as a prefix of
-- seqs (everything before the first row young enough), so the log never has holes; a stream resuming
-- before the oldest kept seq is told to reload (`reset`).
CREATE TRIGGER `inbox_changes_prune` AFTER INSERT ON `inbox_changes` WHEN NEW.`seq` % 1000 = 0 BEGIN
	DELETE FROM `inbox_changes` WHERE `seq` < (SELECT min(`seq`) FROM `inbox_changes` WHERE `at` >= NEW.`at` - 86400000);
END;
--> statement-breakpoint
-- 2. The contacts' names in a trigram index for the inbox search (engine/cases/case-search.ts).
-- Hand-written (drizzle cannot express FTS5): the contacts' names in a trigram index, so the inbox search's
-- "substring of the customer's name" (LIKE '%ana garc%') reads the index instead of every contact
-- (engine/cases/case-search.ts). External content: the names are stored once, in `contacts`.
CREATE VIRTUAL TABLE `contacts_name_fts` USING fts5(name, content='contacts', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `contacts_name_fts`(`contacts_name_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `contacts_name_fts_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contacts_name_fts`(rowid, name) VALUES (new.rowid, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_name_fts_delete` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO `contacts_name_fts`(`contacts_name_fts`, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_name_fts_update` AFTER UPDATE OF name ON `contacts` BEGIN
  INSERT INTO `contacts_name_fts`(`contacts_name_fts`, rowid, name) VALUES ('delete', old.rowid, old.name);
  INSERT INTO `contacts_name_fts`(rowid, name) VALUES (new.rowid, new.name);
END;
