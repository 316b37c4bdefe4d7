import type { StoredEvent } from '../store/types.js';
import type { ItemKind, Visibility } from '../catalog/events.js';
import type { GatewayStreamEvent } from './events.js';

export interface ItemState {
  kind: ItemKind;
  upstreamName: string;
  name: string;
  definition: string;
  status: 'active' | 'missing';
  enabled: boolean;
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
}

export interface GatewayState {
  status: 'none' | 'active' | 'deleted';
  gatewayId: string;
  slug: string;
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
  enabled: boolean;
  reachable: boolean;
  items: Record<string, ItemState>;
}

export const initialGatewayState = (): GatewayState => ({
  status: 'none',
  gatewayId: '',
  slug: '',
  teamId: '',
  ownerEmail: '',
  visibility: 'private',
  enabled: true,
  reachable: true,
  items: {},
});

/** One gateway and its catalog items, folded from its stream. */
export function evolveGateway(state: GatewayState, stored: StoredEvent<GatewayStreamEvent>): GatewayState {
  const e = { type: stored.type, data: stored.data } as GatewayStreamEvent;
  const item = (id: string, change: Partial<ItemState>) => ({ ...state, items: { ...state.items, [id]: { ...state.items[id], ...change } } });
  switch (e.type) {
    case 'GatewayRegistered':
      return { ...initialGatewayState(), status: 'active', gatewayId: e.data.gatewayId, slug: e.data.slug, teamId: e.data.teamId, ownerEmail: e.data.ownerEmail, visibility: e.data.visibility };
    case 'GatewayUpdated':
      return {
        ...state,
        slug: e.data.slug ?? state.slug,
        teamId: e.data.teamId ?? state.teamId,
        visibility: e.data.visibility ?? state.visibility,
      };
    case 'GatewayEnabledChanged':
      return { ...state, enabled: e.data.enabled };
    case 'GatewayHealthChanged':
      return { ...state, reachable: e.data.status === 'reachable' };
    case 'GatewayDeleted':
      return { ...state, status: 'deleted', items: {} };
    case 'CatalogItemDiscovered': {
      const d = e.data;
      return item(d.itemId, {
        kind: d.kind,
        upstreamName: d.upstreamName,
        name: d.name,
        definition: d.definition,
        status: 'active',
        enabled: true,
        teamId: d.teamId,
        ownerEmail: d.ownerEmail,
        visibility: d.visibility,
      });
    }
    case 'CatalogItemChanged':
      return item(e.data.itemId, { definition: e.data.definition });
    case 'CatalogItemMissing':
      return item(e.data.itemId, { status: 'missing' });
    case 'CatalogItemRestored':
      return item(e.data.itemId, { status: 'active', definition: e.data.definition });
    case 'CatalogItemRenamed':
      return item(e.data.itemId, { name: e.data.name });
    case 'CatalogItemUpdated': {
      const change: Partial<ItemState> = {};
      if (e.data.teamId !== undefined) change.teamId = e.data.teamId;
      if (e.data.visibility !== undefined) change.visibility = e.data.visibility;
      return item(e.data.itemId, change);
    }
    case 'CatalogItemEnabledChanged':
      return item(e.data.itemId, { enabled: e.data.enabled });
  }
}
