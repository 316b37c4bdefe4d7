import { pgTable, bigint, integer, text, varchar, char, uniqueIndex, index } from 'drizzle-orm/pg-core';

export const events = pgTable(
  'events',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    streamId: varchar('stream_id', { length: 200 }).notNull(),
    streamVersion: integer('stream_version').notNull(),
    type: varchar('type', { length: 100 }).notNull(),
    data: text('data').notNull(),
    actor: varchar('actor', { length: 320 }),
    requestId: varchar('request_id', { length: 100 }),
    clientIp: varchar('client_ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 512 }),
    recordedAt: varchar('recorded_at', { length: 24 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
  },
  (t) => [
    uniqueIndex('events_stream_version_uq').on(t.streamId, t.streamVersion),
    index('events_type_idx').on(t.type, t.position),
    index('events_actor_idx').on(t.actor, t.position),
    index('events_recorded_at_idx').on(t.recordedAt),
  ],
);

export const logHead = pgTable('event_log_head', {
  id: integer('id').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  hash: char('hash', { length: 64 }).notNull(),
});
