CREATE TABLE `agent_availability` (
	`user_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`time_zone` text NOT NULL,
	`weekly` text NOT NULL,
	`exceptions` text DEFAULT '[]' NOT NULL,
	`time_off` text DEFAULT '[]' NOT NULL,
	`skills` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `appointment_bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`appointment_id` text NOT NULL,
	`service_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`block_start` integer NOT NULL,
	`block_end` integer NOT NULL,
	`status` text NOT NULL,
	`hold_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `appointment_bookings_agent` ON `appointment_bookings` (`agent_id`,`block_start`);--> statement-breakpoint
CREATE UNIQUE INDEX `appointment_bookings_live_start` ON `appointment_bookings` (`agent_id`,`start_at`) WHERE status in ('held', 'confirmed');--> statement-breakpoint
CREATE TABLE `appointment_services` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`buffer_before_minutes` integer DEFAULT 0 NOT NULL,
	`buffer_after_minutes` integer DEFAULT 0 NOT NULL,
	`slot_step_minutes` integer DEFAULT 30 NOT NULL,
	`agent_ids` text DEFAULT '[]' NOT NULL,
	`skill` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`reminder_offsets_seconds` text DEFAULT '[86400,3600]' NOT NULL,
	`min_notice_minutes` integer DEFAULT 60 NOT NULL,
	`horizon_days` integer DEFAULT 14 NOT NULL,
	`slots_per_offer` integer DEFAULT 5 NOT NULL,
	`offer_expires_minutes` integer DEFAULT 1440 NOT NULL,
	`location` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `appointment_services_account` ON `appointment_services` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`case_id` text NOT NULL,
	`service_id` text NOT NULL,
	`status` text NOT NULL,
	`agent_id` text,
	`start_at` integer,
	`end_at` integer,
	`booking_id` text,
	`offered` text DEFAULT '[]' NOT NULL,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`cancel_reason` text,
	`created_by` text,
	`step_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `appointments_case` ON `appointments` (`case_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `appointments_agent` ON `appointments` (`agent_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `campaign_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` text NOT NULL,
	`account_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`external_id` text,
	`name` text,
	`identity` text,
	`identities` text NOT NULL,
	`variables` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`message_id` text NOT NULL,
	`provider_message_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`case_id` text,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_row` ON `campaign_recipients` (`campaign_id`,`row_number`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_status` ON `campaign_recipients` (`campaign_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_identity` ON `campaign_recipients` (`channel_id`,`identity`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_message` ON `campaign_recipients` (`message_id`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_provider` ON `campaign_recipients` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_sent` ON `campaign_recipients` (`campaign_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`channel_id` text NOT NULL,
	`list_id` text NOT NULL,
	`message` text NOT NULL,
	`mode` text NOT NULL,
	`skill_id` text,
	`start_at` integer,
	`sending_window` text,
	`throttle_per_second` integer,
	`status` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_account` ON `campaigns` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `contact_list_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`field` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `contact_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_list_issues_list` ON `contact_list_issues` (`list_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `contact_list_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`dedupe_key` text NOT NULL,
	`external_id` text,
	`name` text,
	`identities` text NOT NULL,
	`variables` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `contact_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_list_rows_dedupe` ON `contact_list_rows` (`list_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `contact_list_rows_list` ON `contact_list_rows` (`list_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `contact_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`mapping` text,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`valid_rows` integer DEFAULT 0 NOT NULL,
	`invalid_rows` integer DEFAULT 0 NOT NULL,
	`duplicate_rows` integer DEFAULT 0 NOT NULL,
	`bytes_read` integer DEFAULT 0 NOT NULL,
	`bytes_total` integer,
	`delimiter` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_lists_account` ON `contact_lists` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `do_not_contact` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`identity` text NOT NULL,
	`source` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `do_not_contact_identity` ON `do_not_contact` (`account_id`,`channel_id`,`identity`);--> statement-breakpoint
CREATE TABLE `outreach_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`stop_keywords` text NOT NULL,
	`stop_reply` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`type` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`detail` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_events_payment` ON `payment_events` (`payment_id`,`id`);--> statement-breakpoint
CREATE TABLE `payment_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text,
	`stripe_refund_id` text,
	`status` text NOT NULL,
	`requested_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_refunds_payment` ON `payment_refunds` (`payment_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`case_id` text NOT NULL,
	`status` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`description` text NOT NULL,
	`line_items` text,
	`on_paid` text,
	`requested_by` text NOT NULL,
	`expires_at` integer NOT NULL,
	`stripe_session_id` text,
	`checkout_url` text,
	`payment_intent_id` text,
	`link_message_id` text,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`failure_reason` text,
	`paid_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_account` ON `payments` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_case` ON `payments` (`case_id`);--> statement-breakpoint
CREATE INDEX `payments_account_status` ON `payments` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `stripe_connections` (
	`account_id` text PRIMARY KEY NOT NULL,
	`secrets` text NOT NULL,
	`stripe_account_id` text,
	`livemode` integer DEFAULT false NOT NULL,
	`api_base_url` text,
	`success_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`payment_id` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_events_dedupe` ON `stripe_events` (`account_id`,`event_id`);--> statement-breakpoint
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