CREATE TABLE `catalog_tags` (
	`item_id` varchar(64) NOT NULL,
	`tag` varchar(64) NOT NULL,
	CONSTRAINT `catalog_tags_item_id_tag_pk` PRIMARY KEY(`item_id`,`tag`)
);
--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` varchar(64) NOT NULL,
	`name` varchar(200) NOT NULL,
	`slug` varchar(64) NOT NULL,
	`description` text NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`transport` varchar(32) NOT NULL,
	`url` text,
	`command` text,
	`args` text NOT NULL,
	`auth_type` varchar(16) NOT NULL,
	`credentials` text,
	`enabled` boolean NOT NULL,
	`reachable` boolean NOT NULL,
	`last_error` text,
	`last_error_at` varchar(24),
	`server_name` varchar(200) NOT NULL,
	`server_version` varchar(100) NOT NULL,
	`instructions` text,
	`created_by` varchar(36) NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `gateways_id` PRIMARY KEY(`id`),
	CONSTRAINT `gateways_slug_uq` UNIQUE(`slug`)
);
--> statement-breakpoint
CREATE TABLE `prompts` (
	`id` varchar(64) NOT NULL,
	`gateway_id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` varchar(200),
	`description` text NOT NULL,
	`description_override` text,
	`definition` longtext NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL,
	`enabled` boolean NOT NULL,
	`reachable` boolean NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `prompts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `resource_templates` (
	`id` varchar(64) NOT NULL,
	`gateway_id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` varchar(200),
	`description` text NOT NULL,
	`description_override` text,
	`definition` longtext NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL,
	`enabled` boolean NOT NULL,
	`reachable` boolean NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	`mime_type` varchar(200),
	CONSTRAINT `resource_templates_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `resources` (
	`id` varchar(64) NOT NULL,
	`gateway_id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` varchar(200),
	`description` text NOT NULL,
	`description_override` text,
	`definition` longtext NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL,
	`enabled` boolean NOT NULL,
	`reachable` boolean NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	`mime_type` varchar(200),
	CONSTRAINT `resources_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `tools` (
	`id` varchar(64) NOT NULL,
	`gateway_id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`upstream_name` text NOT NULL,
	`display_name` varchar(200),
	`description` text NOT NULL,
	`description_override` text,
	`definition` longtext NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`owner_email` varchar(320) NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`status` varchar(16) NOT NULL,
	`enabled` boolean NOT NULL,
	`reachable` boolean NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `tools_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `catalog_tags_tag_idx` ON `catalog_tags` (`tag`,`item_id`);--> statement-breakpoint
CREATE INDEX `gateways_team_visibility_idx` ON `gateways` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `gateways_owner_idx` ON `gateways` (`owner_email`);--> statement-breakpoint
CREATE INDEX `prompts_team_visibility_idx` ON `prompts` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `prompts_owner_idx` ON `prompts` (`owner_email`);--> statement-breakpoint
CREATE INDEX `prompts_gateway_idx` ON `prompts` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `prompts_name_idx` ON `prompts` (`name`);--> statement-breakpoint
CREATE INDEX `resource_templates_team_visibility_idx` ON `resource_templates` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `resource_templates_owner_idx` ON `resource_templates` (`owner_email`);--> statement-breakpoint
CREATE INDEX `resource_templates_gateway_idx` ON `resource_templates` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `resource_templates_name_idx` ON `resource_templates` (`name`);--> statement-breakpoint
CREATE INDEX `resources_team_visibility_idx` ON `resources` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `resources_owner_idx` ON `resources` (`owner_email`);--> statement-breakpoint
CREATE INDEX `resources_gateway_idx` ON `resources` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `resources_name_idx` ON `resources` (`name`);--> statement-breakpoint
CREATE INDEX `tools_team_visibility_idx` ON `tools` (`team_id`,`visibility`);--> statement-breakpoint
CREATE INDEX `tools_owner_idx` ON `tools` (`owner_email`);--> statement-breakpoint
CREATE INDEX `tools_gateway_idx` ON `tools` (`gateway_id`);--> statement-breakpoint
CREATE INDEX `tools_name_idx` ON `tools` (`name`);