CREATE TABLE "role_grants" (
	"id" varchar(200) PRIMARY KEY NOT NULL,
	"user_id" varchar(36) NOT NULL,
	"email" varchar(320) NOT NULL,
	"role_id" varchar(100) NOT NULL,
	"team_id" varchar(64) NOT NULL,
	"granted_at" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" varchar(100) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text NOT NULL,
	"scope" varchar(16) NOT NULL,
	"permissions" text NOT NULL,
	"created_at" varchar(24) NOT NULL,
	"updated_at" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_invitations" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"team_id" varchar(64) NOT NULL,
	"email" varchar(320) NOT NULL,
	"role" varchar(32) NOT NULL,
	"token_hash" char(64) NOT NULL,
	"expires_at" varchar(24) NOT NULL,
	"status" varchar(16) NOT NULL,
	"invited_by" varchar(36) NOT NULL,
	"created_at" varchar(24) NOT NULL,
	"decided_at" varchar(24)
);
--> statement-breakpoint
CREATE TABLE "team_join_requests" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"team_id" varchar(64) NOT NULL,
	"user_id" varchar(36) NOT NULL,
	"email" varchar(320) NOT NULL,
	"message" text NOT NULL,
	"status" varchar(16) NOT NULL,
	"created_at" varchar(24) NOT NULL,
	"decided_at" varchar(24)
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"name" varchar(200) NOT NULL,
	"slug" varchar(200) NOT NULL,
	"description" text NOT NULL,
	"visibility" varchar(16) NOT NULL,
	"personal" boolean NOT NULL,
	"created_by" varchar(36) NOT NULL,
	"member_count" integer NOT NULL,
	"created_at" varchar(24) NOT NULL,
	"updated_at" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "role_grants_user_role_team_uq" ON "role_grants" USING btree ("user_id","role_id","team_id");--> statement-breakpoint
CREATE INDEX "role_grants_team_role_idx" ON "role_grants" USING btree ("team_id","role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_name_uq" ON "roles" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "team_invitations_token_uq" ON "team_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "team_invitations_team_idx" ON "team_invitations" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "team_join_requests_team_idx" ON "team_join_requests" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "team_join_requests_user_idx" ON "team_join_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "teams_visibility_idx" ON "teams" USING btree ("visibility","name");--> statement-breakpoint
CREATE INDEX "teams_created_by_idx" ON "teams" USING btree ("created_by","personal");