import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dialects } from '../../support/databases.js';
import { startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import type { ItemKind } from '../../../events/catalog/events.js';

const meta = { actor: 'test' };
const page = (first = 50) => pageRequest(first, null);

describe.each(dialects)('virtual servers on %s', (dialect) => {
  let t: TestServices;
  let owner: Principal, member: Principal, outsider: Principal, admin: Principal;
  let teamId: string, otherTeam: string;
  let alpha: HostedServer, beta: HostedServer;
  let a: string, b: string;

  beforeAll(async () => {
    t = await startTestServices(dialect);
    [owner, member, outsider, admin] = await Promise.all(['owner', 'member', 'outsider', 'chief'].map((n) => t.user(`${n}@example.com`, { admin: n === 'chief' })));
    teamId = await t.services.teams.createTeam(owner, meta, { name: 'Platform' });
    otherTeam = await t.services.teams.createTeam(owner, meta, { name: 'Other' });
    const invite = await t.services.teams.inviteMember(owner, meta, teamId, member.email, 'team_member');
    await t.services.teams.answerInvitation(member, meta, invite.token, true);
    [alpha, beta] = await Promise.all([hostOverHttp(() => createBundleServer('alpha')), hostOverHttp(() => createBundleServer('beta'))]);
    a = await t.services.gateways.registerGateway(owner, meta, { name: 'Alpha', transport: 'streamable_http', url: alpha.url, teamId, visibility: 'team' });
    b = await t.services.gateways.registerGateway(owner, meta, { name: 'Beta', transport: 'streamable_http', url: beta.url, teamId, visibility: 'public' });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([alpha, beta].map((s) => s?.close()));
  });

  const s = () => t.services;
  /** The catalog id of an item of a gateway by its upstream name or URI. */
  async function itemId(kind: ItemKind, gatewayId: string, upstreamName: string): Promise<string> {
    const page = await s().catalogQueries.items(kind, admin, { gatewayId }, pageRequest(200, null));
    const found = page.items.find((i) => i.upstreamName === upstreamName);
    if (!found) throw new Error(`no ${kind} ${upstreamName} on ${gatewayId}`);
    return found.id;
  }

  it('keeps a custom id exactly as given and lists its members in order, under catalog names', async () => {
    const id = await s().servers.createServer(owner, meta, {
      id: 'Team-Tools_1.x',
      name: 'Team tools',
      tags: ['Ops'],
      teamId,
      visibility: 'team',
      members: [
        { kind: 'tools', itemId: await itemId('tools', a, 'echo') },
        { kind: 'tools', itemId: await itemId('tools', b, 'echo') },
        { kind: 'resources', itemId: await itemId('resources', a, 'file:///shared.txt') },
        { kind: 'prompts', itemId: await itemId('prompts', b, 'greet') },
      ],
    });
    expect(id).toBe('Team-Tools_1.x');
    const server = await s().serverQueries.server(member, id);
    expect(server).toMatchObject({ id: 'Team-Tools_1.x', name: 'Team tools', tags: ['ops'], teamId, visibility: 'team', exposure: 'catalog' });
    const tools = await s().serverQueries.members(member, id, 'tools', page());
    expect(tools.items.map((m) => m.exposedName)).toEqual(['alpha-echo', 'beta-echo']);
    expect((await s().serverQueries.members(member, id, 'resources', page())).items.map((m) => m.exposedName)).toEqual(['file:///shared.txt']);
    expect((await s().serverQueries.memberByName(member, id, 'tools', 'beta-echo'))?.item.upstreamName).toBe('echo');
    expect(await s().serverQueries.server(outsider, id)).toBeUndefined();
  });

  it('refuses a member narrower than the server, naming it', async () => {
    const teamEcho = await itemId('tools', a, 'echo');
    await expect(
      s().servers.createServer(owner, meta, { name: 'Public', teamId, visibility: 'public', members: [{ kind: 'tools', itemId: teamEcho }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('"alpha-echo" is team, narrower than this public server') });
    await expect(
      s().servers.createServer(owner, meta, { name: 'Elsewhere', teamId: otherTeam, visibility: 'team', members: [{ kind: 'tools', itemId: teamEcho }] }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('team to another team') });
    // Narrowing the server instead makes it acceptable.
    await expect(s().servers.createServer(owner, meta, { name: 'Mine', teamId, visibility: 'private', members: [{ kind: 'tools', itemId: teamEcho }] })).resolves.toBeTypeOf('string');
  });

  it('exposes upstream names as a drop-in replacement, refusing collisions unless an alias separates them', async () => {
    const echoA = await itemId('tools', a, 'echo');
    const echoB = await itemId('tools', b, 'echo');
    await expect(
      s().servers.createServer(owner, meta, { name: 'Clash', teamId, visibility: 'team', exposure: 'upstream', members: [{ kind: 'tools', itemId: echoA }, { kind: 'tools', itemId: echoB }] }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('would share the name "echo"') });
    const id = await s().servers.createServer(owner, meta, {
      id: 'drop-in',
      name: 'Drop-in',
      teamId,
      visibility: 'team',
      exposure: 'upstream',
      members: [{ kind: 'tools', itemId: echoA }, { kind: 'tools', itemId: echoB, alias: 'echo-beta' }, { kind: 'prompts', itemId: await itemId('prompts', a, 'greet') }],
    });
    expect((await s().serverQueries.members(owner, id, 'tools', page())).items.map((m) => m.exposedName)).toEqual(['echo', 'echo-beta']);
    expect((await s().serverQueries.members(owner, id, 'prompts', page())).items.map((m) => m.exposedName)).toEqual(['greet']);
    expect((await s().serverQueries.memberByName(owner, id, 'tools', 'echo'))?.item.gatewayId).toBe(a);
    expect(await s().serverQueries.memberByName(owner, id, 'tools', 'alpha-echo')).toBeUndefined();
    // Switching back to catalog names keeps the alias and drops the upstream names.
    await s().servers.updateServer(owner, meta, id, { exposure: 'catalog' });
    expect((await s().serverQueries.members(owner, id, 'tools', page())).items.map((m) => m.exposedName)).toEqual(['alpha-echo', 'echo-beta']);
    await expect(s().servers.updateServer(owner, meta, id, { members: [{ kind: 'resources', itemId: echoA, alias: 'x' }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses two members with the same resource URI', async () => {
    await expect(
      s().servers.createServer(owner, meta, {
        name: 'Two files',
        teamId,
        visibility: 'team',
        members: [{ kind: 'resources', itemId: await itemId('resources', a, 'file:///shared.txt') }, { kind: 'resources', itemId: await itemId('resources', b, 'file:///shared.txt') }],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('would share the URI "file:///shared.txt"') });
  });

  it('shows a member only to those who see both the server and the member', async () => {
    const echoB = await itemId('tools', b, 'echo');
    const id = await s().servers.createServer(owner, meta, { id: 'shown', name: 'Shown', teamId, visibility: 'team', members: [{ kind: 'tools', itemId: echoB }, { kind: 'tools', itemId: await itemId('tools', a, 'fail') }] });
    expect((await s().serverQueries.members(member, id, 'tools', page())).items).toHaveLength(2);
    // The item is narrowed afterwards: the member no longer sees it, its owner still does.
    await s().catalog.updateItem(owner, meta, 'tools', echoB, { visibility: 'private' });
    expect((await s().serverQueries.members(member, id, 'tools', page())).items.map((m) => m.exposedName)).toEqual(['alpha-fail']);
    expect(await s().serverQueries.memberByName(member, id, 'tools', 'beta-echo')).toBeUndefined();
    expect((await s().serverQueries.members(owner, id, 'tools', page())).items).toHaveLength(2);
    // Disabled items are members still, but not callable.
    await s().catalog.setItemEnabled(owner, meta, 'tools', echoB, false);
    expect(await s().serverQueries.memberByName(owner, id, 'tools', 'beta-echo')).toBeUndefined();
    expect((await s().serverQueries.members(owner, id, 'tools', page(), true)).items.map((m) => m.exposedName)).toEqual(['alpha-fail']);
    await s().catalog.setItemEnabled(owner, meta, 'tools', echoB, true);
    await s().catalog.updateItem(owner, meta, 'tools', echoB, { visibility: 'public' });
  });

  it('lets only those with the right change or delete a server; the rest get "not found" or forbidden', async () => {
    const id = await s().servers.createServer(owner, meta, { name: 'Guarded', teamId, visibility: 'team' });
    await expect(s().servers.updateServer(outsider, meta, id, { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s().servers.updateServer(member, meta, id, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().servers.deleteServer(member, meta, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().servers.createServer(owner, meta, { id: 'shown', name: 'Taken' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s().servers.createServer(owner, meta, { id: 'has space', name: 'Bad id' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
    await s().servers.updateServer(admin, meta, id, { description: 'by the admin' });
    await s().servers.deleteServer(owner, meta, id);
    expect(await s().serverQueries.server(owner, id)).toBeUndefined();
    const { serverMembers } = s().database.schema;
    expect(await s().database.db.select().from(serverMembers).where(eq(serverMembers.serverId, id))).toEqual([]);
  });

  it('filters the server list in SQL with the visibility predicate and a limit, and pages it', async () => {
    const query = s().serverQueries.serversQuery(member, {}, page(2)).toSQL();
    expect(query.sql).toMatch(/role_grants/);
    expect(query.sql.toLowerCase()).toMatch(/limit/);
    const members = s().serverQueries.membersQuery(member, 'shown', 'tools', { callableOnly: true }, page(2)).toSQL();
    expect(members.sql).toMatch(/role_grants/);
    const p1 = await s().serverQueries.servers(member, {}, page(2));
    expect(p1.items).toHaveLength(2);
    const p2 = await s().serverQueries.servers(member, {}, pageRequest(2, p1.nextCursor));
    expect([...p1.items, ...p2.items].map((x) => x.id)).not.toContain(undefined);
    expect((await s().serverQueries.servers(outsider, {}, page())).items).toEqual([]);
    expect((await s().serverQueries.servers(member, { tag: 'ops' }, page())).items.map((x) => x.id)).toEqual(['Team-Tools_1.x']);
    expect((await s().serverQueries.servers(member, { search: 'drop' }, page())).items.map((x) => x.id)).toEqual(['drop-in']);
  });

  it('moves servers with their team when the team is deleted with a transfer, and refuses deletion otherwise', async () => {
    const doomed = await s().teams.createTeam(owner, meta, { name: 'Doomed' });
    const id = await s().servers.createServer(owner, meta, { name: 'Moves', teamId: doomed, visibility: 'team' });
    await expect(s().teams.deleteTeam(owner, meta, doomed, null)).rejects.toMatchObject({ message: expect.stringContaining('servers') });
    await s().teams.deleteTeam(owner, meta, doomed, teamId);
    expect((await s().serverQueries.server(owner, id))?.teamId).toBe(teamId);
  });
});
