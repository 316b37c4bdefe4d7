CREATE TABLE "events" (
	"position" bigint PRIMARY KEY NOT NULL,
	"stream_id" varchar(200) NOT NULL,
	"stream_version" integer NOT NULL,
	"type" varchar(100) NOT NULL,
	"data" text NOT NULL,
	"actor" varchar(320),
	"request_id" varchar(100),
	"client_ip" varchar(64),
	"user_agent" varchar(512),
	"recorded_at" varchar(24) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_log_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"position" bigint NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "events_stream_version_uq" ON "events" USING btree ("stream_id","stream_version");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type","position");--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "events" USING btree ("actor","position");--> statement-breakpoint
CREATE INDEX "events_recorded_at_idx" ON "events" USING btree ("recorded_at");