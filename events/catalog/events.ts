import type { DomainEvent } from '../store/types.js';

/** The four kinds of catalog item an upstream offers; resource templates belong to the resources domain. */
export type ItemKind = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';
export const ITEM_KINDS: readonly ItemKind[] = ['tools', 'resources', 'resourceTemplates', 'prompts'];

export type Visibility = 'private' | 'team' | 'public';

/** The permission domain of a kind (tools.*, resources.*, prompts.*). */
export const permissionDomain = (kind: ItemKind) => (kind === 'resourceTemplates' ? 'resources' : kind);

/**
 * Catalog items live in their gateway's stream (`gateway-<id>`), so one sync is one decision over one
 * stream. Every event names the item's kind, which tells the projection its table.
 */
export type CatalogEvent =
  | DomainEvent<
      'CatalogItemDiscovered',
      {
        itemId: string;
        kind: ItemKind;
        /** The upstream's name, or the URI / URI template: what is sent upstream. */
        upstreamName: string;
        /** The catalog name (`<gateway-slug><SEP><name>` for tools and prompts). */
        name: string;
        /** The whole definition as the upstream sent it, canonical JSON text. */
        definition: string;
        teamId: string;
        ownerEmail: string;
        visibility: Visibility;
      }
    >
  | DomainEvent<'CatalogItemChanged', { itemId: string; kind: ItemKind; definition: string }>
  | DomainEvent<'CatalogItemMissing', { itemId: string; kind: ItemKind }>
  | DomainEvent<'CatalogItemRestored', { itemId: string; kind: ItemKind; definition: string }>
  | DomainEvent<'CatalogItemRenamed', { itemId: string; kind: ItemKind; name: string }>
  | DomainEvent<
      'CatalogItemUpdated',
      {
        itemId: string;
        kind: ItemKind;
        /** null clears a local override. */
        displayName?: string | null;
        description?: string | null;
        tags?: string[];
        teamId?: string;
        visibility?: Visibility;
      }
    >
  | DomainEvent<'CatalogItemEnabledChanged', { itemId: string; kind: ItemKind; enabled: boolean }>;

export type CatalogEventType = CatalogEvent['type'];

export const catalogEventTypes: Record<CatalogEventType, { secretFields?: readonly string[] }> = {
  CatalogItemDiscovered: {},
  CatalogItemChanged: {},
  CatalogItemMissing: {},
  CatalogItemRestored: {},
  CatalogItemRenamed: {},
  CatalogItemUpdated: {},
  CatalogItemEnabledChanged: {},
};
