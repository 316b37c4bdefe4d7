CREATE TABLE `catalog_tags` (
	`item_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`item_id`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `catalog_tags_tag_idx` ON `catalog_tags` (`tag`,`item_id`);--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`description` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`transport` text NOT NULL,
	`url` text,
	`command` text,
	`args` text NOT NULL,
	`auth_type` text NOT NULL,
	`credentials` text,
	`enabled` integer NOT NULL,
	`reachable` integer NOT NULL,
	`last_error` text,
	`last_error_at` text,
	`server_name` text NOT NULL,
	`server_version` text NOT NULL,
	`instructions` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateways_slug_uq` ON `gateways` (`slug`);--> statement-breakpoint
CREATE INDEX `gateways_team_visibility_idx` ON `gateways` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `gateways_owner_idx` ON `gateways` (`owner_email`);--> statement-breakpoint
CREATE TABLE `prompts` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`name` text NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` text,
	`description` text NOT NULL,
	`description_override` text,
	`definition` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`status` text NOT NULL,
	`enabled` integer NOT NULL,
	`reachable` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `prompts_team_visibility_idx` ON `prompts` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `prompts_owner_idx` ON `prompts` (`owner_email`);--> statement-breakpoint
CREATE INDEX `prompts_gateway_idx` ON `prompts` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `prompts_name_idx` ON `prompts` (`name`);--> statement-breakpoint
CREATE TABLE `resource_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`name` text NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` text,
	`description` text NOT NULL,
	`description_override` text,
	`definition` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`status` text NOT NULL,
	`enabled` integer NOT NULL,
	`reachable` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`mime_type` text
);
--> statement-breakpoint
CREATE INDEX `resource_templates_team_visibility_idx` ON `resource_templates` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `resource_templates_owner_idx` ON `resource_templates` (`owner_email`);--> statement-breakpoint
CREATE INDEX `resource_templates_gateway_idx` ON `resource_templates` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `resource_templates_name_idx` ON `resource_templates` (`name`);--> statement-breakpoint
CREATE TABLE `resources` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`name` text NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` text,
	`description` text NOT NULL,
	`description_override` text,
	`definition` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`status` text NOT NULL,
	`enabled` integer NOT NULL,
	`reachable` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`mime_type` text
);
--> statement-breakpoint
CREATE INDEX `resources_team_visibility_idx` ON `resources` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `resources_owner_idx` ON `resources` (`owner_email`);--> statement-breakpoint
CREATE INDEX `resources_gateway_idx` ON `resources` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `resources_name_idx` ON `resources` (`name`);--> statement-breakpoint
CREATE TABLE `tools` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`name` text NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` text,
	`description` text NOT NULL,
	`description_override` text,
	`definition` text NOT NULL,
	`team_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`visibility` text NOT NULL,
	`status` text NOT NULL,
	`enabled` integer NOT NULL,
	`reachable` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tools_team_visibility_idx` ON `tools` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `tools_owner_idx` ON `tools` (`owner_email`);--> statement-breakpoint
CREATE INDEX `tools_gateway_idx` ON `tools` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `tools_name_idx` ON `tools` (`name`);