DROP INDEX `cases_account_activity`;--> statement-breakpoint
ALTER TABLE `cases` ADD `last_activity_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_account_last_activity` ON `cases` (`account_id`,`last_activity_at`,`id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `rendering` text;--> statement-breakpoint
-- Hand-written (keep when regenerating): the backfill. A case's last activity so far is its newest
-- message, or its creation when it has none. The change-log trigger on cases is dropped around it
-- (one log row per case would flood every open stream) and recreated exactly as 0010 wrote it.
DROP TRIGGER `inbox_changes_case_update`;--> statement-breakpoint
UPDATE `cases` SET `last_activity_at` = coalesce((SELECT max(`m`.`created_at`) FROM `messages` `m` WHERE `m`.`case_id` = `cases`.`id`), `cases`.`created_at`);--> statement-breakpoint
CREATE TRIGGER `inbox_changes_case_update` AFTER UPDATE ON `cases` BEGIN
	INSERT INTO `inbox_changes` (`account_id`, `kind`, `row_id`, `at`) VALUES (NEW.`account_id`, 'case', NEW.`id`, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
