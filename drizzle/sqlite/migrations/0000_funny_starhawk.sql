CREATE TABLE `events` (
	`position` integer PRIMARY KEY NOT NULL,
	`stream_id` text NOT NULL,
	`stream_version` integer NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`actor` text,
	`request_id` text,
	`client_ip` text,
	`user_agent` text,
	`recorded_at` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_stream_version_uq` ON `events` (`stream_id`,`stream_version`);--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`position`);--> statement-breakpoint
CREATE INDEX `events_actor_idx` ON `events` (`actor`,`position`);--> statement-breakpoint
CREATE INDEX `events_recorded_at_idx` ON `events` (`recorded_at`);--> statement-breakpoint
CREATE TABLE `event_log_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`hash` text NOT NULL
);
