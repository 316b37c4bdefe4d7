CREATE TABLE `api_token_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` text NOT NULL,
	`surface` text NOT NULL,
	`operation` text,
	`tool_name` text,
	`outcome` text NOT NULL,
	`latency_ms` integer NOT NULL,
	`client_ip` text,
	`user_agent` text
);
--> statement-breakpoint
CREATE INDEX `api_token_usage_token_at_idx` ON `api_token_usage` (`token_id`,`at`);--> statement-breakpoint
CREATE INDEX `api_token_usage_at_idx` ON `api_token_usage` (`at`);--> statement-breakpoint
CREATE TABLE `api_token_usage_totals` (
	`token_id` text PRIMARY KEY NOT NULL,
	`calls` integer NOT NULL,
	`errors` integer NOT NULL,
	`last_used_at` text
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`active_name` text,
	`token_hash` text NOT NULL,
	`description` text NOT NULL,
	`team_id` text,
	`server_id` text,
	`permissions` text,
	`ip_rules` text NOT NULL,
	`expires_at` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	`revoke_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_user_active_name_uq` ON `api_tokens` (`user_id`,`active_name`);--> statement-breakpoint
CREATE INDEX `api_tokens_team_idx` ON `api_tokens` (`team_id`);