CREATE TABLE `role_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`role_id` text NOT NULL,
	`team_id` text NOT NULL,
	`granted_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `role_grants_user_role_team_uq` ON `role_grants` (`user_id`,`role_id`,`team_id`);--> statement-breakpoint
CREATE INDEX `role_grants_team_role_idx` ON `role_grants` (`team_id`,`role_id`);--> statement-breakpoint
CREATE TABLE `roles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`scope` text NOT NULL,
	`permissions` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roles_name_uq` ON `roles` (`name`);--> statement-breakpoint
CREATE TABLE `team_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`status` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_invitations_token_uq` ON `team_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `team_invitations_team_idx` ON `team_invitations` (`team_id`,`status`);--> statement-breakpoint
CREATE TABLE `team_join_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`email` text NOT NULL,
	`message` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text
);
--> statement-breakpoint
CREATE INDEX `team_join_requests_team_idx` ON `team_join_requests` (`team_id`,`status`);--> statement-breakpoint
CREATE INDEX `team_join_requests_user_idx` ON `team_join_requests` (`user_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`description` text NOT NULL,
	`visibility` text NOT NULL,
	`personal` integer NOT NULL,
	`created_by` text NOT NULL,
	`member_count` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `teams_visibility_idx` ON `teams` (`visibility`,`name`);--> statement-breakpoint
CREATE INDEX `teams_created_by_idx` ON `teams` (`created_by`,`personal`);