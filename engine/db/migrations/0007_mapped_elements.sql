CREATE TABLE `mapped_elements` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`locator` text NOT NULL,
	`page_url_pattern` text NOT NULL,
	`last_seen_at` integer,
	`last_miss_at` integer,
	`last_miss_url` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mapped_elements_site` ON `mapped_elements` (`site_id`);--> statement-breakpoint
CREATE TABLE `site_mapper_keys` (
	`site_id` text PRIMARY KEY NOT NULL,
	`sealed_key` text NOT NULL,
	`created_at` integer NOT NULL
);
