CREATE TABLE "credential_revocations" (
	"credential_id" varchar(64) PRIMARY KEY NOT NULL,
	"kind" varchar(16) NOT NULL,
	"user_id" varchar(36) NOT NULL,
	"reason" varchar(64) NOT NULL,
	"revoked_at" varchar(24) NOT NULL,
	"expires_at" varchar(24)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" varchar(36) NOT NULL,
	"method" varchar(16) NOT NULL,
	"issued_at" varchar(24) NOT NULL,
	"expires_at" varchar(24),
	"revoked_at" varchar(24),
	"revoke_reason" varchar(64)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" varchar(36) PRIMARY KEY NOT NULL,
	"email" varchar(320) NOT NULL,
	"full_name" varchar(255) NOT NULL,
	"password_hash" varchar(255),
	"is_platform_admin" boolean NOT NULL,
	"is_active" boolean NOT NULL,
	"email_verified" boolean NOT NULL,
	"source" varchar(16) NOT NULL,
	"failed_attempts" integer NOT NULL,
	"locked_until" varchar(24),
	"tokens_not_before" varchar(24),
	"last_login_at" varchar(24),
	"password_changed_at" varchar(24),
	"created_at" varchar(24) NOT NULL,
	"updated_at" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "credential_revocations_expires_idx" ON "credential_revocations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_admin_idx" ON "users" USING btree ("is_platform_admin","is_active");