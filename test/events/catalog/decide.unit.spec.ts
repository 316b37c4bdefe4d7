import { describe, expect, it } from 'vitest';
import { decideGateway, type GatewayCommand } from '../../../events/gateways/decide.js';
import { evolveGateway, initialGatewayState, type GatewayState } from '../../../events/gateways/evolve.js';
import type { GatewayStreamEvent } from '../../../events/gateways/events.js';
import type { StoredEvent } from '../../../events/store/types.js';
import { catalogItemId, catalogName, MAX_TOOL_NAME } from '../../../events/catalog/names.js';

const tool = (name: string, description = name) => ({ kind: 'tools' as const, upstreamName: name, definition: JSON.stringify({ name, description }) });
const ALL = ['tools', 'resources', 'resourceTemplates', 'prompts'] as const;
const registered = {
  gatewayId: 'gw', name: 'Git Hub', slug: 'git-hub', description: '', tags: [], teamId: 't', ownerEmail: 'o@example.com', visibility: 'team' as const,
  transport: 'streamable_http' as const, url: 'http://x/mcp', command: null, args: [], authType: 'none' as const, credentials: null,
  server: { name: 's', version: '1', instructions: null }, createdBy: 'u',
};

/** given events → when command → then events, with the state folded by the real evolve. */
function given(...commands: GatewayCommand[]): GatewayState {
  let state = initialGatewayState();
  for (const c of commands) {
    for (const e of decideGateway(c, state)) state = evolveGateway(state, e as StoredEvent<GatewayStreamEvent>);
  }
  return state;
}
const register = (...items: ReturnType<typeof tool>[]): GatewayCommand => ({ type: 'RegisterGateway', gateway: registered, separator: '-', discovered: { kinds: ALL, items } });
const sync = (...items: ReturnType<typeof tool>[]): GatewayCommand => ({ type: 'SyncCatalog', separator: '-', discovered: { kinds: ['tools'], items } });

describe('catalog names and ids', () => {
  it('prefixes with the gateway slug and the configured separator', () => {
    expect(catalogName('git-hub', '-', 'create_issue')).toBe('git-hub-create_issue');
    expect(catalogName('git-hub', '--', 'x')).toBe('git-hub--x');
    expect(catalogName('git-hub', '.', 'x')).toBe('git-hub.x');
  });
  it('sanitises other characters and cuts overlong names, keeping them distinct with a digest', () => {
    const a = catalogName('gh', '-', 'say hello/world');
    expect(a).toMatch(/^gh-say_hello_world_[0-9a-f]{8}$/);
    expect(catalogName('gh', '-', 'say hello_world')).not.toBe(a);
    const long = catalogName('gh', '-', 'x'.repeat(300));
    expect(long).toHaveLength(MAX_TOOL_NAME);
    expect(long).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(catalogName('gh', '-', 'x'.repeat(301))).not.toBe(long);
  });
  it('gives an item the same id for the same gateway, kind and upstream name, and another otherwise', () => {
    expect(catalogItemId('gw', 'tools', 'a')).toBe(catalogItemId('gw', 'tools', 'a'));
    expect(catalogItemId('gw', 'tools', 'a')).not.toBe(catalogItemId('gw', 'prompts', 'a'));
    expect(catalogItemId('gw', 'tools', 'a')).not.toBe(catalogItemId('gw2', 'tools', 'a'));
  });
});

describe('decideSync', () => {
  it('adds new items inheriting the gateway team, owner and visibility', () => {
    const events = decideGateway(register(tool('a')), initialGatewayState());
    expect(events.map((e) => e.type)).toEqual(['GatewayRegistered', 'CatalogItemDiscovered']);
    expect(events[1].data).toMatchObject({ name: 'git-hub-a', upstreamName: 'a', teamId: 't', ownerEmail: 'o@example.com', visibility: 'team' });
  });
  it('updates changed items, marks vanished ones missing and restores them when offered again', () => {
    const state = given(register(tool('a'), tool('b')));
    expect(decideGateway(sync(tool('a', 'new words'), tool('b')), state).map((e) => e.type)).toEqual(['CatalogItemChanged']);
    const emptied = given(register(tool('a'), tool('b')), sync());
    expect(Object.values(emptied.items).map((i) => i.status)).toEqual(['missing', 'missing']);
    // An upstream back with an empty list changes nothing more; offering again restores.
    expect(decideGateway(sync(), emptied)).toEqual([]);
    expect(decideGateway(sync(tool('a')), emptied).map((e) => e.type)).toEqual(['CatalogItemRestored']);
  });
  it('leaves kinds it did not list alone', () => {
    const state = given({ ...register(), discovered: { kinds: ALL, items: [tool('a'), { kind: 'prompts', upstreamName: 'p', definition: '{}' }] } } as GatewayCommand);
    expect(decideGateway(sync(tool('a')), state)).toEqual([]);
  });
  it('renames prefixed items with the gateway and records health transitions only', () => {
    const state = given(register(tool('a')));
    const renamed = decideGateway({ type: 'UpdateGateway', change: { name: 'Forge', slug: 'forge' }, discovered: null, separator: '-' }, state);
    expect(renamed.map((e) => [e.type, (e.data as { name?: string }).name])).toEqual([['GatewayUpdated', 'Forge'], ['CatalogItemRenamed', 'forge-a']]);
    const health = { type: 'RecordHealth', status: 'reachable', lastError: null, at: '2026-01-01T00:00:00.000Z' } as const;
    expect(decideGateway(health, state)).toEqual([]);
    const down = given(register(), { ...health, status: 'unreachable', lastError: 'x' });
    expect(down.reachable).toBe(false);
    expect(decideGateway(health, down).map((e) => e.type)).toEqual(['GatewayHealthChanged']);
  });
  it('refuses commands on an unknown or deleted gateway and on unknown items', () => {
    expect(() => decideGateway(sync(), initialGatewayState())).toThrow(/Gateway not found/);
    expect(() => decideGateway(sync(), given(register(), { type: 'DeleteGateway' }))).toThrow(/Gateway not found/);
    expect(() => decideGateway({ type: 'SetItemEnabled', itemId: 'nope', enabled: false }, given(register()))).toThrow(/Catalog item not found/);
  });
});
