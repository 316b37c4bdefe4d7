CREATE TABLE `credential_revocations` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` text NOT NULL,
	`reason` text NOT NULL,
	`revoked_at` text NOT NULL,
	`expires_at` text
);
--> statement-breakpoint
CREATE INDEX `credential_revocations_expires_idx` ON `credential_revocations` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`method` text NOT NULL,
	`issued_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`revoke_reason` text
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`password_hash` text,
	`is_platform_admin` integer NOT NULL,
	`is_active` integer NOT NULL,
	`email_verified` integer NOT NULL,
	`source` text NOT NULL,
	`failed_attempts` integer NOT NULL,
	`locked_until` text,
	`tokens_not_before` text,
	`last_login_at` text,
	`password_changed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_admin_idx` ON `users` (`is_platform_admin`,`is_active`);