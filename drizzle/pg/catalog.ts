import { pgTable, boolean, text, varchar, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';

/** Projection of the gateway streams (events/gateways/projection.ts): one row per upstream MCP server. */
export const gateways = pgTable(
  'gateways',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    name: varchar('name', { length: 200 }).notNull(),
    slug: varchar('slug', { length: 64 }).notNull(),
    description: text('description').notNull(),
    teamId: varchar('team_id', { length: 64 }).notNull(),
    ownerEmail: varchar('owner_email', { length: 320 }).notNull(),
    visibility: varchar('visibility', { length: 16 }).notNull(),
    transport: varchar('transport', { length: 32 }).notNull(),
    url: text('url'),
    command: text('command'),
    args: text('args').notNull(),
    authType: varchar('auth_type', { length: 16 }).notNull(),
    /** The upstream credential and stdio env, sealed with AUTH_ENCRYPTION_SECRET; never returned. */
    credentials: text('credentials'),
    enabled: boolean('enabled').notNull(),
    reachable: boolean('reachable').notNull(),
    lastError: text('last_error'),
    lastErrorAt: varchar('last_error_at', { length: 24 }),
    serverName: varchar('server_name', { length: 200 }).notNull(),
    serverVersion: varchar('server_version', { length: 100 }).notNull(),
    instructions: text('instructions'),
    createdBy: varchar('created_by', { length: 36 }).notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    updatedAt: varchar('updated_at', { length: 24 }).notNull(),
  },
  (t) => [
    uniqueIndex('gateways_slug_uq').on(t.slug),
    index('gateways_team_visibility_idx').on(t.teamId, t.visibility),
    index('gateways_owner_idx').on(t.ownerEmail),
  ],
);

/** What every catalog item (tool, resource, resource template, prompt) has in common. */
const itemColumns = () => ({
  id: varchar('id', { length: 64 }).primaryKey(),
  gatewayId: varchar('gateway_id', { length: 64 }).notNull(),
  /** The catalog name: `<gateway-slug><SEP><upstream name>` for tools and prompts, the upstream name otherwise. */
  name: varchar('name', { length: 255 }).notNull(),
  /** What the upstream calls it: the name, or the URI / URI template. Always what is sent upstream. */
  upstreamName: text('upstream_name').notNull(),
  displayName: varchar('display_name', { length: 200 }),
  /** The upstream's description; `descriptionOverride` is the local one and wins when set. */
  description: text('description').notNull(),
  descriptionOverride: text('description_override'),
  /** The whole definition as the upstream sent it (NUL escaped), as JSON text. */
  definition: text('definition').notNull(),
  teamId: varchar('team_id', { length: 64 }).notNull(),
  ownerEmail: varchar('owner_email', { length: 320 }).notNull(),
  visibility: varchar('visibility', { length: 16 }).notNull(),
  /** active, or missing: the upstream stopped offering it (kept, shown, not callable). */
  status: varchar('status', { length: 16 }).notNull(),
  enabled: boolean('enabled').notNull(),
  reachable: boolean('reachable').notNull(),
  createdAt: varchar('created_at', { length: 24 }).notNull(),
  updatedAt: varchar('updated_at', { length: 24 }).notNull(),
});

type Col = Parameters<ReturnType<typeof index>['on']>[0];

const itemIndexes = (table: string) => (t: Record<'teamId' | 'visibility' | 'ownerEmail' | 'gatewayId' | 'name', Col>) => [
  index(`${table}_team_visibility_idx`).on(t.teamId, t.visibility),
  index(`${table}_owner_idx`).on(t.ownerEmail),
  index(`${table}_gateway_idx`).on(t.gatewayId),
  index(`${table}_name_idx`).on(t.name),
];

export const tools = pgTable('tools', itemColumns(), itemIndexes('tools'));
export const resources = pgTable('resources', { ...itemColumns(), mimeType: varchar('mime_type', { length: 200 }) }, itemIndexes('resources'));
export const resourceTemplates = pgTable('resource_templates', { ...itemColumns(), mimeType: varchar('mime_type', { length: 200 }) }, itemIndexes('resource_templates'));
export const prompts = pgTable('prompts', itemColumns(), itemIndexes('prompts'));

/** Tags of gateways and catalog items, one row each, so the tag filter is an indexed lookup in SQL. */
export const catalogTags = pgTable(
  'catalog_tags',
  {
    itemId: varchar('item_id', { length: 64 }).notNull(),
    tag: varchar('tag', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.tag] }), index('catalog_tags_tag_idx').on(t.tag, t.itemId)],
);
