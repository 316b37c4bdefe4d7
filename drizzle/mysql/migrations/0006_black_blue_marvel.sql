CREATE TABLE `sso_approvals` (
	`email` varchar(320) NOT NULL,
	`full_name` varchar(255) NOT NULL,
	`provider_id` varchar(64) NOT NULL,
	`status` varchar(16) NOT NULL,
	`requested_at` varchar(24) NOT NULL,
	`decided_at` varchar(24),
	`decided_by` varchar(320),
	`reason` varchar(1000),
	CONSTRAINT `sso_approvals_email` PRIMARY KEY(`email`)
);
--> statement-breakpoint
CREATE TABLE `sso_auth_states` (
	`state_hash` varchar(64) NOT NULL,
	`provider_id` varchar(64) NOT NULL,
	`nonce` varchar(128) NOT NULL,
	`code_verifier` varchar(128) NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`expires_at` varchar(24) NOT NULL,
	CONSTRAINT `sso_auth_states_state_hash` PRIMARY KEY(`state_hash`)
);
--> statement-breakpoint
CREATE TABLE `sso_providers` (
	`id` varchar(64) NOT NULL,
	`name` varchar(255) NOT NULL,
	`preset` varchar(16) NOT NULL,
	`issuer` varchar(2048) NOT NULL,
	`client_id` varchar(255) NOT NULL,
	`client_secret` varchar(2048) NOT NULL,
	`enabled` boolean NOT NULL,
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `sso_providers_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `sso_approvals_status_idx` ON `sso_approvals` (`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `sso_auth_states_expires_idx` ON `sso_auth_states` (`expires_at`);