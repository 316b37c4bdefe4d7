CREATE TABLE `ops_call_minutes` (
	`scope` text NOT NULL,
	`subject_id` text NOT NULL,
	`calls` integer NOT NULL,
	`transport_failures` integer NOT NULL,
	`rpc_failures` integer NOT NULL,
	`tool_errors` integer NOT NULL,
	`latency_min_ms` real NOT NULL,
	`latency_max_ms` real NOT NULL,
	`latency_sum_ms` real NOT NULL,
	`histogram` text NOT NULL,
	`last_call_at` text NOT NULL,
	`minute` text NOT NULL,
	PRIMARY KEY(`scope`, `subject_id`, `minute`)
);
--> statement-breakpoint
CREATE INDEX `ops_call_minutes_minute_idx` ON `ops_call_minutes` (`minute`);--> statement-breakpoint
CREATE TABLE `ops_call_totals` (
	`scope` text NOT NULL,
	`subject_id` text NOT NULL,
	`calls` integer NOT NULL,
	`transport_failures` integer NOT NULL,
	`rpc_failures` integer NOT NULL,
	`tool_errors` integer NOT NULL,
	`latency_min_ms` real NOT NULL,
	`latency_max_ms` real NOT NULL,
	`latency_sum_ms` real NOT NULL,
	`histogram` text NOT NULL,
	`last_call_at` text NOT NULL,
	PRIMARY KEY(`scope`, `subject_id`)
);
--> statement-breakpoint
CREATE TABLE `server_members` (
	`server_id` text NOT NULL,
	`item_id` text NOT NULL,
	`kind` text NOT NULL,
	`position` integer NOT NULL,
	`alias` text,
	`exposed_name` text,
	PRIMARY KEY(`server_id`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `server_members_item_idx` ON `server_members` (`item_id`);--> statement-breakpoint
CREATE INDEX `server_members_kind_idx` ON `server_members` (`server_id`,`kind`,`position`);--> statement-breakpoint
CREATE TABLE `server_tags` (
	`server_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`server_id`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `server_tags_tag_idx` ON `server_tags` (`tag`,`server_id`);--> statement-breakpoint
CREATE TABLE `servers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`exposure` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `servers_team_visibility_idx` ON `servers` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `servers_owner_idx` ON `servers` (`owner_email`);