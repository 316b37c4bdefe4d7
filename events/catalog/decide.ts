import { NotFoundError } from '../errors.js';
import type { GatewayState } from '../gateways/evolve.js';
import type { CatalogEvent, ItemKind, Visibility } from './events.js';
import { catalogItemId, catalogName, prefixed } from './names.js';

/** One item as the upstream offers it now. */
export interface DiscoveredItem {
  kind: ItemKind;
  upstreamName: string;
  /** Canonical JSON of the whole definition, so "changed" means the upstream changed it. */
  definition: string;
}

export interface SyncInput {
  gatewayId: string;
  separator: string;
  /** Only these kinds were listed: items of other kinds are left as they are. */
  kinds: readonly ItemKind[];
  items: readonly DiscoveredItem[];
}

/**
 * Brings the catalog in line with what the upstream offers: new items are added (inheriting the gateway's
 * team, owner and visibility), changed ones updated, vanished ones marked missing and offered ones restored.
 * Nothing is ever removed, so an upstream restarting with an empty list empties nothing built on it; local
 * overrides are separate events and survive.
 */
export function decideSync(input: SyncInput, state: GatewayState): CatalogEvent[] {
  const events: CatalogEvent[] = [];
  const offered = new Set<string>();
  for (const d of input.items) {
    const itemId = catalogItemId(input.gatewayId, d.kind, d.upstreamName);
    if (offered.has(itemId)) continue;
    offered.add(itemId);
    const known = state.items[itemId];
    if (!known) {
      events.push({
        type: 'CatalogItemDiscovered',
        data: {
          itemId,
          kind: d.kind,
          upstreamName: d.upstreamName,
          name: prefixed(d.kind) ? catalogName(state.slug, input.separator, d.upstreamName) : d.upstreamName,
          definition: d.definition,
          teamId: state.teamId,
          ownerEmail: state.ownerEmail,
          visibility: state.visibility,
        },
      });
    } else if (known.status === 'missing') {
      events.push({ type: 'CatalogItemRestored', data: { itemId, kind: d.kind, definition: d.definition } });
    } else if (known.definition !== d.definition) {
      events.push({ type: 'CatalogItemChanged', data: { itemId, kind: d.kind, definition: d.definition } });
    }
  }
  for (const [itemId, item] of Object.entries(state.items)) {
    if (item.status === 'active' && input.kinds.includes(item.kind) && !offered.has(itemId)) {
      events.push({ type: 'CatalogItemMissing', data: { itemId, kind: item.kind } });
    }
  }
  return events;
}

/** After a gateway rename: every prefixed name follows the new slug. */
export function decideRenames(state: GatewayState, slug: string, separator: string): CatalogEvent[] {
  return Object.entries(state.items)
    .filter(([, item]) => prefixed(item.kind))
    .map(([itemId, item]) => ({ itemId, item, name: catalogName(slug, separator, item.upstreamName) }))
    .filter(({ item, name }) => item.name !== name)
    .map(({ itemId, item, name }) => ({ type: 'CatalogItemRenamed', data: { itemId, kind: item.kind, name } }));
}

export type ItemCommand =
  | {
      type: 'UpdateItem';
      itemId: string;
      displayName?: string | null;
      description?: string | null;
      tags?: string[];
      teamId?: string;
      visibility?: Visibility;
    }
  | { type: 'SetItemEnabled'; itemId: string; enabled: boolean };

/** Local changes to one item: overrides, tags, team and visibility, enabled. */
export function decideItem(command: ItemCommand, state: GatewayState): CatalogEvent[] {
  const item = state.status === 'active' ? state.items[command.itemId] : undefined;
  if (!item) throw new NotFoundError('Catalog item');
  if (command.type === 'SetItemEnabled') {
    return item.enabled === command.enabled ? [] : [{ type: 'CatalogItemEnabledChanged', data: { itemId: command.itemId, kind: item.kind, enabled: command.enabled } }];
  }
  const { type: _type, itemId, ...change } = command;
  const data = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  if (data.teamId === item.teamId) delete data.teamId;
  if (data.visibility === item.visibility) delete data.visibility;
  return Object.keys(data).length ? [{ type: 'CatalogItemUpdated', data: { itemId, kind: item.kind, ...data } }] : [];
}

/** Moves every item of the given kinds held by one team to another (team deletion with transfer). */
export function decideItemTransfer(state: GatewayState, kinds: readonly ItemKind[], from: string, to: string): CatalogEvent[] {
  return Object.entries(state.items)
    .filter(([, item]) => item.teamId === from && kinds.includes(item.kind))
    .map(([itemId, item]) => ({ type: 'CatalogItemUpdated', data: { itemId, kind: item.kind, teamId: to } }));
}
