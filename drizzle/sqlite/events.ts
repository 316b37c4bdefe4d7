import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

export const events = sqliteTable(
  'events',
  {
    position: integer('position').primaryKey(),
    streamId: text('stream_id').notNull(),
    streamVersion: integer('stream_version').notNull(),
    type: text('type').notNull(),
    data: text('data').notNull(),
    actor: text('actor'),
    requestId: text('request_id'),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
    recordedAt: text('recorded_at').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('events_stream_version_uq').on(t.streamId, t.streamVersion),
    index('events_type_idx').on(t.type, t.position),
    index('events_actor_idx').on(t.actor, t.position),
    index('events_recorded_at_idx').on(t.recordedAt),
  ],
);

export const logHead = sqliteTable('event_log_head', {
  id: integer('id').primaryKey(),
  position: integer('position').notNull(),
  hash: text('hash').notNull(),
});
