import { mysqlTable, bigint, int, longtext, varchar, char, uniqueIndex, index } from 'drizzle-orm/mysql-core';

export const events = mysqlTable(
  'events',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    streamId: varchar('stream_id', { length: 200 }).notNull(),
    streamVersion: int('stream_version').notNull(),
    type: varchar('type', { length: 100 }).notNull(),
    data: longtext('data').notNull(),
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

export const logHead = mysqlTable('event_log_head', {
  id: int('id').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  hash: char('hash', { length: 64 }).notNull(),
});
