import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { dialects } from '../../support/databases.js';
import { startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { COUNTS, createPagedServer } from '../../fixtures/paged-server.js';
import { createChangingServer } from '../../fixtures/changing-server.js';
import { REFUSAL, startPlainHttpServer, startRefusingServer, type RunningServer } from '../../fixtures/broken-upstreams.js';
import { NUL_REPLACEMENT } from '../../../api/mcp/upstream/escape-nul.js';

const meta = { actor: 'test' };

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const page = (first = 200) => pageRequest(first, null);

describe.each(dialects)('gateways on %s', (dialect) => {
  let t: TestServices;
  let owner: Principal, member: Principal, outsider: Principal, admin: Principal;
  let teamId: string;
  let paged: HostedServer, changing: HostedServer, plain: RunningServer, refusing: RunningServer;

  beforeAll(async () => {
    t = await startTestServices(dialect, { UNHEALTHY_THRESHOLD: '2' });
    [owner, member, outsider, admin] = await Promise.all(['owner', 'member', 'outsider', 'chief'].map((n) => t.user(`${n}@example.com`, { admin: n === 'chief' })));
    teamId = await t.services.teams.createTeam(owner, meta, { name: 'Platform' });
    const invite = await t.services.teams.inviteMember(owner, meta, teamId, member.email, 'team_member');
    await t.services.teams.answerInvitation(member, meta, invite.token, true);
    [paged, changing, plain, refusing] = await Promise.all([
      hostOverHttp(createPagedServer),
      hostOverHttp(createChangingServer),
      startPlainHttpServer(),
      startRefusingServer(),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([paged, changing, plain, refusing].map((s) => s?.close()));
  });

  const s = () => t.services;
  const rows = async (table: 'gateways' | 'tools' | 'resources' | 'resourceTemplates' | 'prompts') =>
    Number((await s().database.db.select({ n: count() }).from(s().database.schema[table]))[0].n);
  const head = async () => (await s().store.head()).position;

  it('registers an upstream with every page of its catalog, definitions whole and NUL escaped', async () => {
    const id = await s().gateways.registerGateway(owner, meta, { name: 'Paged', transport: 'streamable_http', url: paged.url, teamId, visibility: 'team', tags: ['Big', 'test'] });
    const gw = await s().gatewayQueries.gateway(owner, id);
    expect(gw).toMatchObject({ slug: 'paged', serverName: 'paged-fixture', tags: ['big', 'test'], authType: 'none', hasCredentials: false, reachable: true, enabled: true, visibility: 'team', teamId });
    for (const kind of ['tools', 'resources', 'resourceTemplates', 'prompts'] as const) {
      const listed = await s().catalogQueries.items(kind, owner, { gatewayId: id }, page());
      expect(listed.items.length + (listed.nextCursor ? 200 : 0)).toBe(COUNTS[kind]);
    }
    const tool = await s().catalogQueries.itemByName('tools', owner, 'paged-tool-007');
    expect(tool).toMatchObject({ upstreamName: 'tool-007', teamId, ownerEmail: owner.email, visibility: 'team', status: 'active', enabled: true });
    expect(tool!.description).toBe(`has a NUL ${NUL_REPLACEMENT} inside`);
    expect(tool!.definition).toMatchObject({ title: 'Tool 7', outputSchema: { type: 'object' }, annotations: { readOnlyHint: true }, _meta: { index: 7 } });
    const resource = await s().catalogQueries.itemByName('resources', member, 'paged://resource/069');
    expect(resource).toMatchObject({ upstreamName: 'paged://resource/069', kind: 'resources' });
    // Item ids are stable per (gateway, kind, upstream name): a refresh changes nothing.
    expect(await s().gateways.refreshGateway(owner, meta, id)).toEqual({ added: 0, changed: 0, missing: 0, restored: 0 });
    expect((await s().catalogQueries.itemByName('tools', owner, 'paged-tool-007'))!.id).toBe(tool!.id);
  });

  it('stores nothing when the URL is wrong, the server is not MCP, or the handshake fails', async () => {
    const before = { events: await head(), gateways: await rows('gateways'), tools: await rows('tools') };
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Nowhere', transport: 'streamable_http', url: `http://127.0.0.1:${await closedPort()}/mcp` })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      message: expect.stringContaining('connection refused'),
    });
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Web page', transport: 'streamable_http', url: plain.url })).rejects.toMatchObject({ code: 'UPSTREAM_NOT_MCP' });
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Refuser', transport: 'streamable_http', url: refusing.url })).rejects.toMatchObject({
      code: 'UPSTREAM_HANDSHAKE_FAILED',
      message: expect.stringContaining(REFUSAL),
    });
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Bad', transport: 'streamable_http', url: 'ftp://x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'url' } });
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Creds', transport: 'sse', url: 'http://u:p@127.0.0.1/sse' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Paged', transport: 'streamable_http', url: paged.url })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect({ events: await head(), gateways: await rows('gateways'), tools: await rows('tools') }).toEqual(before);
  });

  it('refuses stdio registration to anyone but a platform admin, before running anything', async () => {
    const before = await head();
    await expect(s().gateways.registerGateway(owner, meta, { name: 'Shell', transport: 'stdio', command: 'sh', args: ['-c', 'touch /tmp/pwned'] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Only platform administrators may register or change stdio gateways'),
    });
    expect(await head()).toBe(before);
  });

  it('applies visibility: outsiders see nothing and are told "not found"; members use what the team shares', async () => {
    const gw = (await s().gatewayQueries.gateways(owner, { search: 'paged' }, page())).items[0];
    expect(await s().gatewayQueries.gateway(outsider, gw.id)).toBeUndefined();
    expect((await s().gatewayQueries.gateways(outsider, {}, page())).items).toEqual([]);
    expect((await s().catalogQueries.items('tools', outsider, {}, page())).items).toEqual([]);
    expect((await s().gatewayQueries.gateway(member, gw.id))?.id).toBe(gw.id);
    expect((await s().gatewayQueries.gateway(admin, gw.id))?.id).toBe(gw.id);
    await expect(s().gateways.updateGateway(outsider, meta, gw.id, { description: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s().gateways.refreshGateway(outsider, meta, gw.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A member sees the team's gateway but may not change what another member made.
    await expect(s().gateways.updateGateway(member, meta, gw.id, { description: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().gateways.deleteGateway(member, meta, gw.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tool = (await s().catalogQueries.itemByName('tools', member, 'paged-tool-000'))!;
    await expect(s().catalog.updateItem(outsider, meta, 'tools', tool.id, { displayName: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s().catalog.setItemEnabled(member, meta, 'tools', tool.id, false)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('syncs on list_changed and on refresh: adds, changes, marks missing and restores; overrides survive', async () => {
    const id = await s().gateways.registerGateway(owner, meta, { name: 'Changing', transport: 'streamable_http', url: changing.url, teamId });
    const names = async () =>
      Object.fromEntries((await s().catalogQueries.items('tools', owner, { gatewayId: id }, page())).items.map((i) => [i.name, i.status]));
    expect(await names()).toEqual({ 'changing-add-tool': 'active', 'changing-remove-tool': 'active' });
    const addTool = (await s().catalogQueries.itemByName('tools', owner, 'changing-add-tool'))!;
    await s().catalog.updateItem(owner, meta, 'tools', addTool.id, { displayName: 'Adder', description: 'Local words', tags: ['local'] });

    const conn = s().gatewayManager.connection(id)!;
    await conn.callTool('add-tool', { name: 'fresh' });
    await vi.waitFor(async () => expect(await names()).toMatchObject({ 'changing-fresh': 'active' }), { timeout: 10_000 });
    await conn.callTool('remove-tool', { name: 'fresh' });
    await vi.waitFor(async () => expect(await names()).toMatchObject({ 'changing-fresh': 'missing' }), { timeout: 10_000 });
    const missing = (await s().catalogQueries.items('tools', owner, { gatewayId: id, status: 'missing' }, page())).items;
    expect(missing.map((i) => i.name)).toEqual(['changing-fresh']);

    // The same name offered again comes back, with the same id.
    await conn.callTool('add-tool', { name: 'fresh' });
    await vi.waitFor(async () => expect(await names()).toMatchObject({ 'changing-fresh': 'active' }), { timeout: 10_000 });
    expect((await s().catalogQueries.itemByName('tools', owner, 'changing-fresh'))!.id).toBe(missing[0].id);
    await s().gatewayManager.idle(id);
    expect(await s().gateways.refreshGateway(owner, meta, id)).toEqual({ added: 0, changed: 0, missing: 0, restored: 0 });

    const kept = (await s().catalogQueries.item('tools', owner, addTool.id))!;
    expect(kept).toMatchObject({ displayName: 'Adder', description: 'Local words', upstreamDescription: 'Adds a tool with the given name', tags: ['local'] });
    const types = (await s().store.readStream(`gateway-${id}`)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CatalogItemDiscovered', 'CatalogItemMissing', 'CatalogItemRestored', 'CatalogItemUpdated']));
  });

  it('renames tools with their gateway and keeps calling the upstream by the original name', async () => {
    const gw = (await s().gatewayQueries.gateways(owner, { search: 'changing' }, page())).items[0];
    await s().gateways.updateGateway(owner, meta, gw.id, { name: 'Shifting Sands' });
    const tools = (await s().catalogQueries.items('tools', owner, { gatewayId: gw.id }, page())).items;
    expect(tools.map((x) => x.name).sort()).toEqual(['shifting-sands-add-tool', 'shifting-sands-fresh', 'shifting-sands-remove-tool']);
    expect(tools.map((x) => x.upstreamName).sort()).toEqual(['add-tool', 'fresh', 'remove-tool']);
  });

  it('records health transitions only, marks the gateway and its items unreachable, then reachable again', async () => {
    const gw = (await s().gatewayQueries.gateways(owner, { search: 'paged' }, page())).items[0];
    const healthEvents = async () => (await s().store.readStream(`gateway-${gw.id}`)).filter((e) => e.type === 'GatewayHealthChanged');
    paged.setDown(true);
    await s().gatewayManager.checkHealth(gw.id);
    expect(await healthEvents()).toHaveLength(0);
    await s().gatewayManager.checkHealth(gw.id);
    await s().gatewayManager.checkHealth(gw.id);
    const down = await healthEvents();
    expect(down).toHaveLength(1);
    expect(down[0].data).toMatchObject({ status: 'unreachable', lastError: expect.stringContaining('503') });
    const seen = (await s().gatewayQueries.gateway(owner, gw.id))!;
    expect(seen).toMatchObject({ reachable: false, lastError: expect.stringContaining('503'), lastErrorAt: expect.any(String) });
    const { tools } = s().database.schema;
    const unreachable = await s().database.db.select({ n: count() }).from(tools).where(and(eq(tools.gatewayId, gw.id), eq(tools.reachable, false)));
    expect(Number(unreachable[0].n)).toBe(COUNTS.tools);

    paged.setDown(false);
    await s().gatewayManager.checkHealth(gw.id);
    await s().gatewayManager.checkHealth(gw.id);
    expect((await healthEvents()).map((e) => e.data.status)).toEqual(['unreachable', 'reachable']);
    expect(await s().gatewayQueries.gateway(owner, gw.id)).toMatchObject({ reachable: true, lastError: expect.stringContaining('503') });
    expect((await s().catalogQueries.itemByName('tools', owner, 'paged-tool-001'))!.reachable).toBe(true);
  });

  it('disables, enables and deletes a gateway, closing and reopening its connection', async () => {
    const gw = (await s().gatewayQueries.gateways(owner, { search: 'shifting' }, page())).items[0];
    await s().gateways.setGatewayEnabled(owner, meta, gw.id, false);
    expect(s().gatewayManager.connection(gw.id)).toBeUndefined();
    expect(await s().gatewayQueries.gateway(owner, gw.id)).toMatchObject({ enabled: false });
    await expect(s().gateways.refreshGateway(owner, meta, gw.id)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await s().gateways.setGatewayEnabled(owner, meta, gw.id, true);
    expect(s().gatewayManager.connection(gw.id)).toBeDefined();
    await s().gateways.deleteGateway(owner, meta, gw.id);
    expect(s().gatewayManager.connection(gw.id)).toBeUndefined();
    expect(await s().gatewayQueries.gateway(admin, gw.id)).toBeUndefined();
    expect((await s().catalogQueries.items('tools', admin, { gatewayId: gw.id }, page())).items).toEqual([]);
  });
});
