ALTER TABLE `rule_runs` ADD `history_purge_at` integer;--> statement-breakpoint
ALTER TABLE `rule_runs` ADD `history_purge_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rule_runs` ADD `history_deleted_at` integer;--> statement-breakpoint
CREATE INDEX `rule_runs_history_purge` ON `rule_runs` (`history_purge_at`);