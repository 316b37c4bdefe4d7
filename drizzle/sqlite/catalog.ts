import { sqliteTable, integer, text, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

/** Projection of the gateway streams (events/gateways/projection.ts): one row per upstream MCP server. */
export const gateways = sqliteTable(
  'gateways',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull(),
    teamId: text('team_id').notNull(),
    ownerEmail: text('owner_email').notNull(),
    visibility: text('visibility').notNull(),
    transport: text('transport').notNull(),
    url: text('url'),
    command: text('command'),
    args: text('args').notNull(),
    authType: text('auth_type').notNull(),
    /** The upstream credential and stdio env, sealed with AUTH_ENCRYPTION_SECRET; never returned. */
    credentials: text('credentials'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    reachable: integer('reachable', { mode: 'boolean' }).notNull(),
    lastError: text('last_error'),
    lastErrorAt: text('last_error_at'),
    serverName: text('server_name').notNull(),
    serverVersion: text('server_version').notNull(),
    instructions: text('instructions'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('gateways_slug_uq').on(t.slug),
    index('gateways_team_visibility_idx').on(t.teamId, t.visibility),
    index('gateways_owner_idx').on(t.ownerEmail),
  ],
);

/** What every catalog item (tool, resource, resource template, prompt) has in common. */
const itemColumns = () => ({
  id: text('id').primaryKey(),
  gatewayId: text('gateway_id').notNull(),
  /** The catalog name: `<gateway-slug><SEP><upstream name>` for tools and prompts, the upstream name otherwise. */
  name: text('name').notNull(),
  /** What the upstream calls it: the name, or the URI / URI template. Always what is sent upstream. */
  upstreamName: text('upstream_name').notNull(),
  displayName: text('display_name'),
  /** The upstream's description; `descriptionOverride` is the local one and wins when set. */
  description: text('description').notNull(),
  descriptionOverride: text('description_override'),
  /** The whole definition as the upstream sent it (NUL escaped), as JSON text. */
  definition: text('definition').notNull(),
  teamId: text('team_id').notNull(),
  ownerEmail: text('owner_email').notNull(),
  visibility: text('visibility').notNull(),
  /** active, or missing: the upstream stopped offering it (kept, shown, not callable). */
  status: text('status').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  reachable: integer('reachable', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

type Col = Parameters<ReturnType<typeof index>['on']>[0];

const itemIndexes = (table: string) => (t: Record<'teamId' | 'visibility' | 'ownerEmail' | 'gatewayId' | 'name', Col>) => [
  index(`${table}_team_visibility_idx`).on(t.teamId, t.visibility),
  index(`${table}_owner_idx`).on(t.ownerEmail),
  index(`${table}_gateway_idx`).on(t.gatewayId),
  index(`${table}_name_idx`).on(t.name),
];

export const tools = sqliteTable('tools', itemColumns(), itemIndexes('tools'));
export const resources = sqliteTable('resources', { ...itemColumns(), mimeType: text('mime_type') }, itemIndexes('resources'));
export const resourceTemplates = sqliteTable('resource_templates', { ...itemColumns(), mimeType: text('mime_type') }, itemIndexes('resource_templates'));
export const prompts = sqliteTable('prompts', itemColumns(), itemIndexes('prompts'));

/** Tags of gateways and catalog items, one row each, so the tag filter is an indexed lookup in SQL. */
export const catalogTags = sqliteTable(
  'catalog_tags',
  {
    itemId: text('item_id').notNull(),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.tag] }), index('catalog_tags_tag_idx').on(t.tag, t.itemId)],
);
