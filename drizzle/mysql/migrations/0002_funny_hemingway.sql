CREATE TABLE `role_grants` (
	`id` varchar(200) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`role_id` varchar(100) NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`granted_at` varchar(24) NOT NULL,
	CONSTRAINT `role_grants_id` PRIMARY KEY(`id`),
	CONSTRAINT `role_grants_user_role_team_uq` UNIQUE(`user_id`,`role_id`,`team_id`)
);
--> statement-breakpoint
CREATE TABLE `roles` (
	`id` varchar(100) NOT NULL,
	`name` varchar(100) NOT NULL,
	`description` text NOT NULL,
	`scope` varchar(16) NOT NULL,
	`permissions` text NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `roles_id` PRIMARY KEY(`id`),
	CONSTRAINT `roles_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `team_invitations` (
	`id` varchar(64) NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`email` varchar(320) NOT NULL,
	`role` varchar(32) NOT NULL,
	`token_hash` char(64) NOT NULL,
	`expires_at` varchar(24) NOT NULL,
	`status` varchar(16) NOT NULL,
	`invited_by` varchar(36) NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`decided_at` varchar(24),
	CONSTRAINT `team_invitations_id` PRIMARY KEY(`id`),
	CONSTRAINT `team_invitations_token_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `team_join_requests` (
	`id` varchar(64) NOT NULL,
	`team_id` varchar(64) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`message` text NOT NULL,
	`status` varchar(16) NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`decided_at` varchar(24),
	CONSTRAINT `team_join_requests_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `teams` (
	`id` varchar(64) NOT NULL,
	`name` varchar(200) NOT NULL,
	`slug` varchar(200) NOT NULL,
	`description` text NOT NULL,
	`visibility` varchar(16) NOT NULL,
	`personal` boolean NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`member_count` int NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `teams_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `role_grants_team_role_idx` ON `role_grants` (`team_id`,`role_id`);--> statement-breakpoint
CREATE INDEX `team_invitations_team_idx` ON `team_invitations` (`team_id`,`status`);--> statement-breakpoint
CREATE INDEX `team_join_requests_team_idx` ON `team_join_requests` (`team_id`,`status`);--> statement-breakpoint
CREATE INDEX `team_join_requests_user_idx` ON `team_join_requests` (`user_id`);--> statement-breakpoint
CREATE INDEX `teams_visibility_idx` ON `teams` (`visibility`,`name`);--> statement-breakpoint
CREATE INDEX `teams_created_by_idx` ON `teams` (`created_by`,`personal`);