import { eq, inArray } from 'drizzle-orm';
import type { Db, Schema } from '../db/types.js';
import type { Projection } from '../store/projection.js';
import type { StoredEvent } from '../store/types.js';
import { gatewayEventTypes, type GatewayEvent } from '../gateways/events.js';
import { applyGatewayEvent } from '../gateways/projection.js';
import { catalogEventTypes, ITEM_KINDS, type CatalogEvent, type ItemKind } from './events.js';
import { replaceTags } from './tags.js';

/** The table holding a kind of item; all four share their columns (resources and templates add mime_type). */
export function itemTable(schema: Schema, kind: ItemKind) {
  return ({ tools: schema.tools, resources: schema.resources, resourceTemplates: schema.resourceTemplates, prompts: schema.prompts } as const)[kind] as typeof schema.resources;
}

/** What the projection reads out of an upstream definition for its columns. */
function columnsOf(kind: ItemKind, definition: string) {
  const d = JSON.parse(definition) as { description?: unknown; mimeType?: unknown };
  const description = typeof d.description === 'string' ? d.description : '';
  const mimeType = typeof d.mimeType === 'string' ? d.mimeType.slice(0, 200) : null;
  return kind === 'resources' || kind === 'resourceTemplates' ? { definition, description, mimeType } : { definition, description };
}

async function applyItemEvent(tx: Db, schema: Schema, stored: StoredEvent<CatalogEvent>) {
  const e = { type: stored.type, data: stored.data } as CatalogEvent;
  const table = itemTable(schema, e.data.kind);
  const at = stored.metadata.time;
  const update = (values: Partial<typeof table.$inferInsert>) => tx.update(table).set({ ...values, updatedAt: at }).where(eq(table.id, e.data.itemId));
  switch (e.type) {
    case 'CatalogItemDiscovered': {
      const d = e.data;
      const [gateway] = await tx.select({ reachable: schema.gateways.reachable }).from(schema.gateways).where(eq(schema.gateways.id, stored.streamId.slice('gateway-'.length)));
      await tx.insert(table).values({
        id: d.itemId,
        gatewayId: stored.streamId.slice('gateway-'.length),
        name: d.name,
        upstreamName: d.upstreamName,
        displayName: null,
        descriptionOverride: null,
        ...columnsOf(d.kind, d.definition),
        teamId: d.teamId,
        ownerEmail: d.ownerEmail,
        visibility: d.visibility,
        status: 'active',
        enabled: true,
        reachable: gateway ? Boolean(gateway.reachable) : true,
        createdAt: at,
        updatedAt: at,
      });
      return;
    }
    case 'CatalogItemChanged':
      return void (await update(columnsOf(e.data.kind, e.data.definition)));
    case 'CatalogItemMissing':
      return void (await update({ status: 'missing' }));
    case 'CatalogItemRestored':
      return void (await update({ status: 'active', ...columnsOf(e.data.kind, e.data.definition) }));
    case 'CatalogItemRenamed':
      return void (await update({ name: e.data.name }));
    case 'CatalogItemUpdated': {
      const { itemId, kind: _kind, tags, description, ...rest } = e.data;
      await update({ ...rest, ...(description !== undefined ? { descriptionOverride: description } : {}) });
      if (tags) await replaceTags(tx, schema, itemId, tags);
      return;
    }
    case 'CatalogItemEnabledChanged':
      return void (await update({ enabled: e.data.enabled }));
  }
}

/** Item rows follow their gateway's reachability, and go with it when it is deleted. */
async function applyToGatewayItems(tx: Db, schema: Schema, stored: StoredEvent<GatewayEvent>) {
  const gatewayId = stored.streamId.slice('gateway-'.length);
  for (const kind of ITEM_KINDS) {
    const table = itemTable(schema, kind);
    if (stored.type === 'GatewayHealthChanged') {
      const reachable = (stored.data as { status: string }).status === 'reachable';
      await tx.update(table).set({ reachable }).where(eq(table.gatewayId, gatewayId));
    } else if (stored.type === 'GatewayDeleted') {
      const ids = (await tx.select({ id: table.id }).from(table).where(eq(table.gatewayId, gatewayId))).map((r) => r.id);
      if (ids.length) await tx.delete(schema.catalogTags).where(inArray(schema.catalogTags.itemId, ids));
      await tx.delete(table).where(eq(table.gatewayId, gatewayId));
    }
  }
}

/**
 * The catalog read model: gateways, tools, resources, resource templates, prompts and their tags, fed by the
 * gateway streams (each holds its gateway's events and its items').
 */
export const catalogProjection: Projection = {
  name: 'catalog',
  tables: [
    { name: 'gateways', key: ['id'] },
    { name: 'tools', key: ['id'] },
    { name: 'resources', key: ['id'] },
    { name: 'resource_templates', key: ['id'] },
    { name: 'prompts', key: ['id'] },
    { name: 'catalog_tags', key: ['item_id', 'tag'] },
  ],
  handles: new Set([...Object.keys(gatewayEventTypes), ...Object.keys(catalogEventTypes)]),
  async apply(tx, stored, { schema }) {
    if (stored.type in catalogEventTypes) return applyItemEvent(tx, schema, stored as StoredEvent<CatalogEvent>);
    await applyGatewayEvent(tx, schema, stored as StoredEvent<GatewayEvent>);
    await applyToGatewayItems(tx, schema, stored as StoredEvent<GatewayEvent>);
  },
};
