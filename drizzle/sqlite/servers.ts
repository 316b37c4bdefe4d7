import { sqliteTable, integer, real, text, index, primaryKey } from 'drizzle-orm/sqlite-core';

/** Projection of the server streams (events/servers/projection.ts): one row per virtual server. */
export const servers = sqliteTable(
  'servers',
  {
    /** Kept exactly as given (a custom id may carry hyphens): it is part of the server's URLs. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    teamId: text('team_id').notNull(),
    ownerEmail: text('owner_email').notNull(),
    visibility: text('visibility').notNull(),
    /** catalog or upstream: which names its tools and prompts go by. */
    exposure: text('exposure').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('servers_team_visibility_idx').on(t.teamId, t.visibility), index('servers_owner_idx').on(t.ownerEmail)],
);

/** A server's tools, resources, templates and prompts, in the order given; the item rows stay in the catalog. */
export const serverMembers = sqliteTable(
  'server_members',
  {
    serverId: text('server_id').notNull(),
    itemId: text('item_id').notNull(),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    alias: text('alias'),
    /** The alias or upstream name clients see; null means the catalog name. */
    exposedName: text('exposed_name'),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.itemId] }), index('server_members_item_idx').on(t.itemId), index('server_members_kind_idx').on(t.serverId, t.kind, t.position)],
);

export const serverTags = sqliteTable(
  'server_tags',
  {
    serverId: text('server_id').notNull(),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.tag] }), index('server_tags_tag_idx').on(t.tag, t.serverId)],
);

/**
 * Operational, not a projection: call metrics written in batches by api/servers/metrics.ts, never from
 * events (a call is not an event) and left out of replay. `scope` is tool, server or gateway.
 */
const metricColumns = () => ({
  scope: text('scope').notNull(),
  subjectId: text('subject_id').notNull(),
  calls: integer('calls').notNull(),
  transportFailures: integer('transport_failures').notNull(),
  rpcFailures: integer('rpc_failures').notNull(),
  toolErrors: integer('tool_errors').notNull(),
  latencyMinMs: real('latency_min_ms').notNull(),
  latencyMaxMs: real('latency_max_ms').notNull(),
  latencySumMs: real('latency_sum_ms').notNull(),
  /** Counts per latency bucket (api/servers/latency-histogram.ts), JSON: what p95 is read from. */
  histogram: text('histogram').notNull(),
  lastCallAt: text('last_call_at').notNull(),
});

export const opsCallTotals = sqliteTable('ops_call_totals', metricColumns(), (t) => [primaryKey({ columns: [t.scope, t.subjectId] })]);

export const opsCallMinutes = sqliteTable(
  'ops_call_minutes',
  { ...metricColumns(), minute: text('minute').notNull() },
  (t) => [primaryKey({ columns: [t.scope, t.subjectId, t.minute] }), index('ops_call_minutes_minute_idx').on(t.minute)],
);
