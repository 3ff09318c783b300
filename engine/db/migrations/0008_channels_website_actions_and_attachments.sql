CREATE TABLE `attachment_files` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`channel_id` text,
	`message_id` text,
	`uploader` text,
	`mime` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`path` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachment_files_account` ON `attachment_files` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `attachment_files_message` ON `attachment_files` (`message_id`);--> statement-breakpoint
CREATE INDEX `attachment_files_uploader` ON `attachment_files` (`channel_id`,`uploader`);--> statement-breakpoint
CREATE TABLE `email_answer_links` (
	`token` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`option_id` text NOT NULL,
	`title` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_answer_links_option` ON `email_answer_links` (`message_id`,`option_id`);--> statement-breakpoint
CREATE TABLE `email_mailbox_state` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`uid_validity` text NOT NULL,
	`last_uid` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `email_threads` (
	`channel_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`subject` text NOT NULL,
	`reply_token` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `thread_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `email_threads_token` ON `email_threads` (`channel_id`,`reply_token`);--> statement-breakpoint
CREATE TABLE `line_reply_tokens` (
	`channel_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`reply_token` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `conversation_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `teams_conversations` (
	`channel_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`service_url` text NOT NULL,
	`tenant_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `conversation_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `visitor_commands` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`rule_id` text,
	`run_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`delivered_at` integer,
	`kept_at` integer
);
--> statement-breakpoint
CREATE INDEX `visitor_commands_visitor` ON `visitor_commands` (`site_id`,`visitor_id`,`delivered_at`);--> statement-breakpoint
CREATE INDEX `visitor_commands_expiry` ON `visitor_commands` (`expires_at`);--> statement-breakpoint
CREATE TABLE `mapped_element_crops` (
	`element_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mapped_element_crops_site` ON `mapped_element_crops` (`site_id`);