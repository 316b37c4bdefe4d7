CREATE TABLE `ops_call_minutes` (
	`scope` varchar(16) NOT NULL,
	`subject_id` varchar(128) NOT NULL,
	`calls` int NOT NULL,
	`transport_failures` int NOT NULL,
	`rpc_failures` int NOT NULL,
	`tool_errors` int NOT NULL,
	`latency_min_ms` double NOT NULL,
	`latency_max_ms` double NOT NULL,
	`latency_sum_ms` double NOT NULL,
	`histogram` text NOT NULL,
	`last_call_at` varchar(24) NOT NULL,
	`minute` varchar(24) NOT NULL,
	CONSTRAINT `ops_call_minutes_scope_subject_id_minute_pk` PRIMARY KEY(`scope`,`subject_id`,`minute`)
);
--> statement-breakpoint
CREATE TABLE `ops_call_totals` (
	`scope` varchar(16) NOT NULL,
	`subject_id` varchar(128) NOT NULL,
	`calls` int NOT NULL,
	`transport_failures` int NOT NULL,
	`rpc_failures` int NOT NULL,
	`tool_errors` int NOT NULL,
	`latency_min_ms` double NOT NULL,
	`latency_max_ms` double NOT NULL,
	`latency_sum_ms` double NOT NULL,
	`histogram` text NOT NULL,
	`last_call_at` varchar(24) NOT NULL,
	CONSTRAINT `ops_call_totals_scope_subject_id_pk` PRIMARY KEY(`scope`,`subject_id`)
);
--> statement-breakpoint
CREATE TABLE `server_members` (
	`server_id` varchar(128) NOT NULL,
	`item_id` varchar(64) NOT NULL,
	`kind` varchar(32) NOT NULL,
	`position` int NOT NULL,
	`alias` varchar(128),
	`exposed_name` varchar(128),
	CONSTRAINT `server_members_server_id_item_id_pk` PRIMARY KEY(`server_id`,`item_id`)
);
--> statement-breakpoint
CREATE TABLE `server_tags` (
	`server_id` varchar(128) NOT NULL,
	`tag` varchar(64) NOT NULL,
	CONSTRAINT `server_tags_server_id_tag_pk` PRIMARY KEY(`server_id`,`tag`)
);
--> statement-breakpoint
CREATE TABLE `servers` (
	`id` varchar(128) NOT NULL,
	`name` varchar(200) NOT NULL,
	`description` text NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`exposure` varchar(16) NOT NULL,
	`created_by` varchar(64) NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `servers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `ops_call_minutes_minute_idx` ON `ops_call_minutes` (`minute`);--> statement-breakpoint
CREATE INDEX `server_members_item_idx` ON `server_members` (`item_id`);--> statement-breakpoint
CREATE INDEX `server_members_kind_idx` ON `server_members` (`server_id`,`kind`,`position`);--> statement-breakpoint
CREATE INDEX `server_tags_tag_idx` ON `server_tags` (`tag`,`server_id`);--> statement-breakpoint
CREATE INDEX `servers_team_visibility_idx` ON `servers` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `servers_owner_idx` ON `servers` (`owner_email`);