import { ConflictError, NotFoundError } from '../errors.js';
import { decideItem, decideItemTransfer, decideRenames, decideSync, type DiscoveredItem, type ItemCommand } from '../catalog/decide.js';
import type { ItemKind } from '../catalog/events.js';
import type { GatewayEvent, GatewayStreamEvent } from './events.js';
import { evolveGateway, initialGatewayState, type GatewayState } from './evolve.js';
import type { StoredEvent } from '../store/types.js';

type Registered = Extract<GatewayEvent, { type: 'GatewayRegistered' }>['data'];
type Updated = Extract<GatewayEvent, { type: 'GatewayUpdated' }>['data'];

/** What a connection-changing update or a refresh found upstream; the sync runs in the same decision. */
export interface Discovered {
  kinds: readonly ItemKind[];
  items: readonly DiscoveredItem[];
}

export type GatewayCommand =
  | { type: 'RegisterGateway'; gateway: Registered; discovered: Discovered; separator: string }
  | { type: 'UpdateGateway'; change: Updated; discovered: Discovered | null; separator: string }
  | { type: 'SetGatewayEnabled'; enabled: boolean }
  | { type: 'RecordHealth'; status: 'reachable' | 'unreachable'; lastError: string | null; at: string }
  | { type: 'SyncCatalog'; discovered: Discovered; separator: string }
  | { type: 'DeleteGateway' }
  | { type: 'TransferTeam'; from: string; to: string; gateway: boolean; kinds: readonly ItemKind[] }
  | ItemCommand;

/** Folds events decided so far into the state, so one command can decide in steps (update, then rename, then sync). */
function fold(state: GatewayState, events: GatewayStreamEvent[]): GatewayState {
  return events.reduce((s, e) => evolveGateway(s, { type: e.type, data: e.data } as StoredEvent<GatewayStreamEvent>), state);
}

/** The rules of one gateway stream: the gateway itself and the catalog it feeds. Pure. */
export function decideGateway(command: GatewayCommand, state: GatewayState): GatewayStreamEvent[] {
  if (command.type === 'RegisterGateway') {
    if (state.status !== 'none') throw new ConflictError('This gateway id is taken');
    const registered: GatewayStreamEvent = { type: 'GatewayRegistered', data: command.gateway };
    const after = fold(state, [registered]);
    return [registered, ...syncEvents(after, command.discovered, command.separator)];
  }
  if (state.status !== 'active') throw new NotFoundError('Gateway');
  switch (command.type) {
    case 'UpdateGateway': {
      const change = Object.fromEntries(Object.entries(command.change).filter(([, v]) => v !== undefined)) as Updated;
      if (change.slug === state.slug) delete change.slug;
      if (change.teamId === state.teamId) delete change.teamId;
      if (change.visibility === state.visibility) delete change.visibility;
      const events: GatewayStreamEvent[] = Object.keys(change).length ? [{ type: 'GatewayUpdated', data: change }] : [];
      if (change.slug) events.push(...decideRenames(state, change.slug, command.separator));
      if (command.discovered) events.push(...syncEvents(fold(state, events), command.discovered, command.separator));
      return events;
    }
    case 'SetGatewayEnabled':
      return state.enabled === command.enabled ? [] : [{ type: 'GatewayEnabledChanged', data: { enabled: command.enabled } }];
    case 'RecordHealth':
      return state.reachable === (command.status === 'reachable')
        ? []
        : [{ type: 'GatewayHealthChanged', data: { status: command.status, lastError: command.lastError, at: command.at } }];
    case 'SyncCatalog':
      return syncEvents(state, command.discovered, command.separator);
    case 'DeleteGateway':
      return [{ type: 'GatewayDeleted', data: {} }];
    case 'TransferTeam': {
      const events: GatewayStreamEvent[] = command.gateway && state.teamId === command.from ? [{ type: 'GatewayUpdated', data: { teamId: command.to } }] : [];
      return [...events, ...decideItemTransfer(state, command.kinds, command.from, command.to)];
    }
    default:
      return decideItem(command, state);
  }
}

function syncEvents(state: GatewayState, discovered: Discovered, separator: string) {
  return decideSync({ gatewayId: state.gatewayId, separator, ...discovered }, state);
}

export const gatewayDecider = { initialState: initialGatewayState, evolve: evolveGateway, decide: decideGateway };
