CREATE TABLE `credential_revocations` (
	`credential_id` varchar(64) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`reason` varchar(64) NOT NULL,
	`revoked_at` varchar(24) NOT NULL,
	`expires_at` varchar(24),
	CONSTRAINT `credential_revocations_credential_id` PRIMARY KEY(`credential_id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(64) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`method` varchar(16) NOT NULL,
	`issued_at` varchar(24) NOT NULL,
	`expires_at` varchar(24),
	`revoked_at` varchar(24),
	`revoke_reason` varchar(64),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`email` varchar(320) NOT NULL,
	`full_name` varchar(255) NOT NULL,
	`password_hash` varchar(255),
	`is_platform_admin` boolean NOT NULL,
	`is_active` boolean NOT NULL,
	`email_verified` boolean NOT NULL,
	`source` varchar(16) NOT NULL,
	`failed_attempts` int NOT NULL,
	`locked_until` varchar(24),
	`tokens_not_before` varchar(24),
	`last_login_at` varchar(24),
	`password_changed_at` varchar(24),
	`created_at` varchar(24) NOT NULL,
	`updated_at` varchar(24) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE INDEX `credential_revocations_expires_idx` ON `credential_revocations` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `users_admin_idx` ON `users` (`is_platform_admin`,`is_active`);