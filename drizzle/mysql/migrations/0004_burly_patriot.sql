CREATE TABLE `api_token_usage` (
	`id` int AUTO_INCREMENT NOT NULL,
	`token_id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`at` varchar(24) NOT NULL,
	`surface` varchar(16) NOT NULL,
	`operation` varchar(200),
	`tool_name` varchar(255),
	`outcome` varchar(16) NOT NULL,
	`latency_ms` int NOT NULL,
	`client_ip` varchar(64),
	`user_agent` varchar(512),
	CONSTRAINT `api_token_usage_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `api_token_usage_totals` (
	`token_id` varchar(36) NOT NULL,
	`calls` bigint NOT NULL,
	`errors` bigint NOT NULL,
	`last_used_at` varchar(24),
	CONSTRAINT `api_token_usage_totals_token_id` PRIMARY KEY(`token_id`)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`name` varchar(100) NOT NULL,
	`active_name` varchar(100),
	`token_hash` char(64) NOT NULL,
	`description` text NOT NULL,
	`team_id` varchar(64),
	`server_id` varchar(200),
	`permissions` text,
	`ip_rules` text NOT NULL,
	`expires_at` varchar(24),
	`created_at` varchar(24) NOT NULL,
	`revoked_at` varchar(24),
	`revoked_by` varchar(320),
	`revoke_reason` text,
	CONSTRAINT `api_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_tokens_hash_uq` UNIQUE(`token_hash`),
	CONSTRAINT `api_tokens_user_active_name_uq` UNIQUE(`user_id`,`active_name`)
);
--> statement-breakpoint
CREATE INDEX `api_token_usage_token_at_idx` ON `api_token_usage` (`token_id`,`at`);--> statement-breakpoint
CREATE INDEX `api_token_usage_at_idx` ON `api_token_usage` (`at`);--> statement-breakpoint
CREATE INDEX `api_tokens_team_idx` ON `api_tokens` (`team_id`);