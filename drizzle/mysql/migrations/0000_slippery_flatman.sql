CREATE TABLE `events` (
	`position` bigint NOT NULL,
	`stream_id` varchar(200) NOT NULL,
	`stream_version` int NOT NULL,
	`type` varchar(100) NOT NULL,
	`data` longtext NOT NULL,
	`actor` varchar(320),
	`request_id` varchar(100),
	`client_ip` varchar(64),
	`user_agent` varchar(512),
	`recorded_at` varchar(24) NOT NULL,
	`hash` char(64) NOT NULL,
	CONSTRAINT `events_position` PRIMARY KEY(`position`),
	CONSTRAINT `events_stream_version_uq` UNIQUE(`stream_id`,`stream_version`)
);
--> statement-breakpoint
CREATE TABLE `event_log_head` (
	`id` int NOT NULL,
	`position` bigint NOT NULL,
	`hash` char(64) NOT NULL,
	CONSTRAINT `event_log_head_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`position`);--> statement-breakpoint
CREATE INDEX `events_actor_idx` ON `events` (`actor`,`position`);--> statement-breakpoint
CREATE INDEX `events_recorded_at_idx` ON `events` (`recorded_at`);