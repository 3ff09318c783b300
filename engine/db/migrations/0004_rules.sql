CREATE TABLE `account_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`secrets` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rule_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`type` text NOT NULL,
	`channel_id` text,
	`case_id` text,
	`message_id` text,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`available_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `rule_events_pending` ON `rule_events` (`available_at`);--> statement-breakpoint
CREATE INDEX `rule_events_account` ON `rule_events` (`account_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `rule_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`version` integer NOT NULL,
	`event_id` text NOT NULL,
	`case_id` text,
	`status` text NOT NULL,
	`path` text DEFAULT '[]' NOT NULL,
	`steps` text DEFAULT '[]' NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `rule_runs_rule` ON `rule_runs` (`rule_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `rule_runs_case` ON `rule_runs` (`case_id`);--> statement-breakpoint
CREATE TABLE `rule_versions` (
	`rule_id` text NOT NULL,
	`account_id` text NOT NULL,
	`version` integer NOT NULL,
	`graph` text NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text,
	`rolled_back_from` integer,
	FOREIGN KEY (`rule_id`) REFERENCES `rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rule_versions_pk` ON `rule_versions` (`rule_id`,`version`);--> statement-breakpoint
CREATE TABLE `rules` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`folder` text DEFAULT '' NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`draft` text NOT NULL,
	`draft_updated_at` integer NOT NULL,
	`active_version` integer,
	`trigger_type` text,
	`trigger_channels` text,
	`trigger_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rules_account` ON `rules` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `rules_trigger` ON `rules` (`account_id`,`trigger_type`);--> statement-breakpoint
ALTER TABLE `case_events` ADD `detail` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `custom_fields` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `tags` text DEFAULT '[]' NOT NULL;