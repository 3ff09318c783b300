CREATE TABLE `channel_send_buckets` (
	`key` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`updated_at` integer NOT NULL,
	`full_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channel_send_buckets_full_at` ON `channel_send_buckets` (`full_at`);