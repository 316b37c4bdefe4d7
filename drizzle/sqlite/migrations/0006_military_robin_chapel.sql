CREATE TABLE `sso_approvals` (
	`email` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`provider_id` text NOT NULL,
	`status` text NOT NULL,
	`requested_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `sso_approvals_status_idx` ON `sso_approvals` (`status`,`requested_at`);--> statement-breakpoint
CREATE TABLE `sso_auth_states` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`nonce` text NOT NULL,
	`code_verifier` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_auth_states_expires_idx` ON `sso_auth_states` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sso_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`preset` text NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret` text NOT NULL,
	`enabled` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
