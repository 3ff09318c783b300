CREATE TABLE `one_time_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text,
	`email` text NOT NULL,
	`name` text,
	`role` text,
	`created_by` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `one_time_tokens_token_hash_unique` ON `one_time_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `one_time_tokens_account` ON `one_time_tokens` (`account_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`address` text NOT NULL,
	`outcome` text NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_email` ON `sign_in_attempts` (`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_address` ON `sign_in_attempts` (`address`,`created_at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_created` ON `sign_in_attempts` (`created_at`);--> statement-breakpoint
CREATE TABLE `contact_merges` (
	`merged_contact_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kept_contact_id` text NOT NULL,
	`merged_name` text,
	`merged_by` text NOT NULL,
	`conflicts` text NOT NULL,
	`moved_identities` integer NOT NULL,
	`moved_cases` integer NOT NULL,
	`merged_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_merges_kept` ON `contact_merges` (`kept_contact_id`);--> statement-breakpoint
CREATE TABLE `agent_presence` (
	`user_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`changed_at` integer NOT NULL,
	`capacity` text DEFAULT '{}' NOT NULL,
	`last_assigned_at` integer,
	`last_assignment_ended_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `agent_skills` (
	`user_id` text NOT NULL,
	`skill_id` text NOT NULL,
	`proficiency` integer NOT NULL,
	PRIMARY KEY(`user_id`, `skill_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_skills_skill` ON `agent_skills` (`skill_id`);--> statement-breakpoint
CREATE TABLE `case_assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`case_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`queue_id` text,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`offered_at` integer NOT NULL,
	`offer_expires_at` integer,
	`accepted_at` integer,
	`released_at` integer,
	`capacity_free_at` integer,
	`freed_noted_at` integer,
	`reason` text NOT NULL,
	`release_reason` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_assignments_one_active` ON `case_assignments` (`case_id`) WHERE state != 'released';--> statement-breakpoint
CREATE INDEX `case_assignments_agent` ON `case_assignments` (`agent_id`,`state`);--> statement-breakpoint
CREATE INDEX `case_assignments_wrapup` ON `case_assignments` (`state`,`capacity_free_at`) WHERE freed_noted_at IS NULL;--> statement-breakpoint
CREATE TABLE `case_routing` (
	`case_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`state` text NOT NULL,
	`queue_id` text,
	`forced_queue_id` text,
	`queue_priority` integer DEFAULT 0 NOT NULL,
	`waiting_since` integer,
	`wait_reason` text,
	`nudged_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_routing_backlog` ON `case_routing` (`state`,`queue_priority`,`waiting_since`);--> statement-breakpoint
CREATE TABLE `routing_queues` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`filters` text NOT NULL,
	`skill_id` text,
	`strategy` text NOT NULL,
	`offer_timeout_ms` integer,
	`wrap_up_ms` integer DEFAULT 0 NOT NULL,
	`is_fallback` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`skill_id`) REFERENCES `skills`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `routing_queues_account_name` ON `routing_queues` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `routing_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`agents_see_all_cases` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `skills` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `skills_account_name` ON `skills` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `inbox_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`row_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbox_changes_account_seq` ON `inbox_changes` (`account_id`,`seq`);--> statement-breakpoint
CREATE INDEX `inbox_changes_at` ON `inbox_changes` (`at`);--> statement-breakpoint
CREATE TABLE `canned_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`short_code` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canned_responses_code` ON `canned_responses` (`account_id`,`short_code`);--> statement-breakpoint
CREATE TABLE `case_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`case_id` text NOT NULL,
	`author_id` text NOT NULL,
	`text` text NOT NULL,
	`mentions` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_notes_case` ON `case_notes` (`case_id`,`id`);--> statement-breakpoint
ALTER TABLE `channels` ADD `default_skill_id` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `default_language` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `language` text;--> statement-breakpoint
CREATE INDEX `cases_contact` ON `cases` (`contact_id`,`id`);--> statement-breakpoint
CREATE INDEX `cases_account_channel` ON `cases` (`account_id`,`channel_id`,`id`);--> statement-breakpoint
CREATE INDEX `cases_account_assignee` ON `cases` (`account_id`,`assignee_id`,`id`);