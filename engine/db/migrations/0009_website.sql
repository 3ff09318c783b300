CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`settings` text NOT NULL,
	`identity_secret` text NOT NULL,
	`webchat_channel_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sites_account` ON `sites` (`account_id`);--> statement-breakpoint
CREATE TABLE `visitor_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`type` text NOT NULL,
	`url` text NOT NULL,
	`detail` text NOT NULL,
	`at` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visitor_events_site` ON `visitor_events` (`site_id`,`at`);--> statement-breakpoint
CREATE INDEX `visitor_events_visitor` ON `visitor_events` (`visitor_id`,`at`);
