CREATE TABLE "ops_call_minutes" (
	"scope" varchar(16) NOT NULL,
	"subject_id" varchar(128) NOT NULL,
	"calls" integer NOT NULL,
	"transport_failures" integer NOT NULL,
	"rpc_failures" integer NOT NULL,
	"tool_errors" integer NOT NULL,
	"latency_min_ms" double precision NOT NULL,
	"latency_max_ms" double precision NOT NULL,
	"latency_sum_ms" double precision NOT NULL,
	"histogram" text NOT NULL,
	"last_call_at" varchar(24) NOT NULL,
	"minute" varchar(24) NOT NULL,
	CONSTRAINT "ops_call_minutes_scope_subject_id_minute_pk" PRIMARY KEY("scope","subject_id","minute")
);
--> statement-breakpoint
CREATE TABLE "ops_call_totals" (
	"scope" varchar(16) NOT NULL,
	"subject_id" varchar(128) NOT NULL,
	"calls" integer NOT NULL,
	"transport_failures" integer NOT NULL,
	"rpc_failures" integer NOT NULL,
	"tool_errors" integer NOT NULL,
	"latency_min_ms" double precision NOT NULL,
	"latency_max_ms" double precision NOT NULL,
	"latency_sum_ms" double precision NOT NULL,
	"histogram" text NOT NULL,
	"last_call_at" varchar(24) NOT NULL,
	CONSTRAINT "ops_call_totals_scope_subject_id_pk" PRIMARY KEY("scope","subject_id")
);
--> statement-breakpoint
CREATE TABLE "server_members" (
	"server_id" varchar(128) NOT NULL,
	"item_id" varchar(64) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"position" integer NOT NULL,
	"alias" varchar(128),
	"exposed_name" varchar(128),
	CONSTRAINT "server_members_server_id_item_id_pk" PRIMARY KEY("server_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "server_tags" (
	"server_id" varchar(128) NOT NULL,
	"tag" varchar(64) NOT NULL,
	CONSTRAINT "server_tags_server_id_tag_pk" PRIMARY KEY("server_id","tag")
);
--> statement-breakpoint
CREATE TABLE "servers" (
	"id" varchar(128) PRIMARY KEY NOT NULL,
	"name" varchar(200) NOT NULL,
	"description" text NOT NULL,
	"team_id" varchar(64) NOT NULL,
	"owner_email" varchar(320) NOT NULL,
	"visibility" varchar(16) NOT NULL,
	"exposure" varchar(16) NOT NULL,
	"created_by" varchar(64) NOT NULL,
	"created_at" varchar(24) NOT NULL,
	"updated_at" varchar(24) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ops_call_minutes_minute_idx" ON "ops_call_minutes" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "server_members_item_idx" ON "server_members" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "server_members_kind_idx" ON "server_members" USING btree ("server_id","kind","position");--> statement-breakpoint
CREATE INDEX "server_tags_tag_idx" ON "server_tags" USING btree ("tag","server_id");--> statement-breakpoint
CREATE INDEX "servers_team_visibility_idx" ON "servers" USING btree ("team_id","visibility");--> statement-breakpoint
CREATE INDEX "servers_owner_idx" ON "servers" USING btree ("owner_email");