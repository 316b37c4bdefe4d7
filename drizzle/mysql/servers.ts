import { mysqlTable, int, double, text, varchar, index, primaryKey } from 'drizzle-orm/mysql-core';

/** Projection of the server streams (events/servers/projection.ts): one row per virtual server. */
export const servers = mysqlTable(
  'servers',
  {
    /** Kept exactly as given (a custom id may carry hyphens): it is part of the server's URLs. */
    id: varchar('id', { length: 128 }).primaryKey(),
    name: varchar('name', { length: 200 }).notNull(),
    description: text('description').notNull(),
    teamId: varchar('team_id', { length: 64 }).notNull(),
    ownerEmail: varchar('owner_email', { length: 320 }).notNull(),
    visibility: varchar('visibility', { length: 16 }).notNull(),
    /** catalog or upstream: which names its tools and prompts go by. */
    exposure: varchar('exposure', { length: 16 }).notNull(),
    createdBy: varchar('created_by', { length: 64 }).notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    updatedAt: varchar('updated_at', { length: 24 }).notNull(),
  },
  (t) => [index('servers_team_visibility_idx').on(t.teamId, t.visibility), index('servers_owner_idx').on(t.ownerEmail)],
);

/** A server's tools, resources, templates and prompts, in the order given; the item rows stay in the catalog. */
export const serverMembers = mysqlTable(
  'server_members',
  {
    serverId: varchar('server_id', { length: 128 }).notNull(),
    itemId: varchar('item_id', { length: 64 }).notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    position: int('position').notNull(),
    alias: varchar('alias', { length: 128 }),
    /** The alias or upstream name clients see; null means the catalog name. */
    exposedName: varchar('exposed_name', { length: 128 }),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.itemId] }), index('server_members_item_idx').on(t.itemId), index('server_members_kind_idx').on(t.serverId, t.kind, t.position)],
);

export const serverTags = mysqlTable(
  'server_tags',
  {
    serverId: varchar('server_id', { length: 128 }).notNull(),
    tag: varchar('tag', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.tag] }), index('server_tags_tag_idx').on(t.tag, t.serverId)],
);

/**
 * Operational, not a projection: call metrics written in batches by api/servers/metrics.ts, never from
 * events (a call is not an event) and left out of replay. `scope` is tool, server or gateway.
 */
const metricColumns = () => ({
  scope: varchar('scope', { length: 16 }).notNull(),
  subjectId: varchar('subject_id', { length: 128 }).notNull(),
  calls: int('calls').notNull(),
  transportFailures: int('transport_failures').notNull(),
  rpcFailures: int('rpc_failures').notNull(),
  toolErrors: int('tool_errors').notNull(),
  latencyMinMs: double('latency_min_ms').notNull(),
  latencyMaxMs: double('latency_max_ms').notNull(),
  latencySumMs: double('latency_sum_ms').notNull(),
  /** Counts per latency bucket (api/servers/latency-histogram.ts), JSON: what p95 is read from. */
  histogram: text('histogram').notNull(),
  lastCallAt: varchar('last_call_at', { length: 24 }).notNull(),
});

export const opsCallTotals = mysqlTable('ops_call_totals', metricColumns(), (t) => [primaryKey({ columns: [t.scope, t.subjectId] })]);

export const opsCallMinutes = mysqlTable(
  'ops_call_minutes',
  { ...metricColumns(), minute: varchar('minute', { length: 24 }).notNull() },
  (t) => [primaryKey({ columns: [t.scope, t.subjectId, t.minute] }), index('ops_call_minutes_minute_idx').on(t.minute)],
);
