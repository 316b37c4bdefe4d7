import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../support/databases.js';
import { startTestServices, type TestServices } from '../../support/services.js';
import type { Principal } from '../../../api/authz/principal.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createPagedServer } from '../../fixtures/paged-server.js';
import { ITEM_KINDS } from '../../../events/catalog/events.js';

const meta = { actor: 'test' };
const page = pageRequest(200, null);

describe.each(dialects)('catalog lists and team assets on %s', (dialect) => {
  let t: TestServices;
  let owner: Principal, member: Principal, outsider: Principal, auditor: Principal;
  let teamId: string, otherTeamId: string;
  let upstream: HostedServer;
  const ids: Record<'private' | 'team' | 'public', string> = { private: '', team: '', public: '' };

  beforeAll(async () => {
    t = await startTestServices(dialect);
    [owner, member, outsider, auditor] = await Promise.all(['owner', 'member', 'outsider', 'auditor'].map((n) => t.user(`${n}@example.com`)));
    teamId = await t.services.teams.createTeam(owner, meta, { name: 'Catalog team' });
    otherTeamId = await t.services.teams.createTeam(owner, meta, { name: 'Receiving team' });
    const invite = await t.services.teams.inviteMember(owner, meta, teamId, member.email, 'team_member');
    await t.services.teams.answerInvitation(member, meta, invite.token, true);
    const admin = await t.user('chief@example.com', { admin: true });
    await t.services.roles.grantRole(admin, meta, auditor.email, 'auditor', null);
    upstream = await hostOverHttp(createPagedServer);
    for (const visibility of ['private', 'team', 'public'] as const) {
      ids[visibility] = await t.services.gateways.registerGateway(owner, meta, {
        name: `Upstream ${visibility}`,
        transport: 'streamable_http',
        url: upstream.url,
        teamId,
        visibility,
        tags: [visibility, 'shared-tag'],
      });
    }
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  const s = () => t.services;

  it('every catalog list carries the visibility predicate and a LIMIT in its SQL', () => {
    const filter = { tag: 'x', search: 'y', teamId, visibility: 'team' as const };
    const statements = [
      s().gatewayQueries.gatewaysQuery(member, filter, page).toSQL(),
      ...ITEM_KINDS.map((kind) => s().catalogQueries.itemsQuery(kind, member, { ...filter, gatewayId: ids.team, status: 'active' }, page).toSQL()),
    ];
    expect(statements).toHaveLength(5);
    for (const { sql, params } of statements) {
      const lower = sql.toLowerCase();
      expect(lower).toMatch(/"?`?visibility"?`? = /);
      expect(lower).toMatch(/owner_email/);
      expect(lower).toMatch(/select [`"]?role_grants[`"]?\.[`"]?team_id[`"]? from [`"]?role_grants/);
      expect(lower).toMatch(/ limit /);
      expect(params).toEqual(expect.arrayContaining(['public', member.email, member.userId, 'team_member', 'team_owner']));
    }
  });

  it('lists return only what each user may see', async () => {
    const visibleGateways = async (p: Principal) => (await s().gatewayQueries.gateways(p, {}, page)).items.map((g) => g.id).sort();
    expect(await visibleGateways(owner)).toEqual(Object.values(ids).sort());
    expect(await visibleGateways(member)).toEqual([ids.team, ids.public].sort());
    expect(await visibleGateways(outsider)).toEqual([ids.public]);
    expect(await visibleGateways(auditor)).toEqual(Object.values(ids).sort());
    for (const kind of ITEM_KINDS) {
      const gatewaysOf = async (p: Principal) => [...new Set((await s().catalogQueries.items(kind, p, {}, page)).items.map((i) => i.gatewayId))].sort();
      expect(await gatewaysOf(member)).toEqual([ids.team, ids.public].sort());
      expect(await gatewaysOf(outsider)).toEqual([ids.public]);
    }
    expect(await s().catalogQueries.itemByName('tools', member, 'upstream-private-tool-000')).toBeUndefined();
    expect(await s().catalogQueries.itemByName('tools', owner, 'upstream-private-tool-000')).toBeDefined();
  });

  it('filters by tag, search, team, visibility and gateway in SQL, and pages', async () => {
    expect((await s().gatewayQueries.gateways(member, { tag: 'shared-tag' }, page)).items).toHaveLength(2);
    expect((await s().gatewayQueries.gateways(member, { tag: 'private' }, page)).items).toHaveLength(0);
    expect((await s().gatewayQueries.gateways(owner, { visibility: 'public' }, page)).items.map((g) => g.id)).toEqual([ids.public]);
    expect((await s().gatewayQueries.gateways(owner, { search: 'UPSTREAM TEAM' }, page)).items.map((g) => g.id)).toEqual([ids.team]);
    // LIKE wildcards in a search are literal.
    expect((await s().gatewayQueries.gateways(owner, { search: '%' }, page)).items).toEqual([]);
    const tool = (await s().catalogQueries.itemByName('tools', owner, 'upstream-team-tool-042'))!;
    await s().catalog.updateItem(owner, meta, 'tools', tool.id, { tags: ['Answer'], description: 'Life, the universe' });
    expect((await s().catalogQueries.items('tools', member, { tag: 'answer' }, page)).items.map((i) => i.id)).toEqual([tool.id]);
    expect((await s().catalogQueries.items('tools', member, { search: 'the universe' }, page)).items.map((i) => i.id)).toEqual([tool.id]);
    expect((await s().catalogQueries.items('tools', member, { search: 'tool-04', gatewayId: ids.team }, page)).items).toHaveLength(10);
    expect((await s().catalogQueries.items('tools', owner, { teamId: otherTeamId }, page)).items).toEqual([]);
    const first = await s().catalogQueries.items('tools', member, { gatewayId: ids.public }, pageRequest(50, null));
    const second = await s().catalogQueries.items('tools', member, { gatewayId: ids.public }, pageRequest(50, first.nextCursor));
    expect(first.items).toHaveLength(50);
    expect(second.items[0].name > first.items[49].name).toBe(true);
  });

  it('moves an item to another team and changes its visibility, with can() on both teams', async () => {
    const tool = (await s().catalogQueries.itemByName('tools', owner, 'upstream-team-tool-001'))!;
    await expect(s().catalog.updateItem(member, meta, 'tools', tool.id, { visibility: 'public' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s().catalog.updateItem(owner, meta, 'tools', tool.id, { teamId: 'no-such-team' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await s().catalog.updateItem(owner, meta, 'tools', tool.id, { teamId: otherTeamId, visibility: 'private' });
    expect(await s().catalogQueries.item('tools', member, tool.id)).toBeUndefined();
    expect(await s().catalogQueries.item('tools', owner, tool.id)).toMatchObject({ teamId: otherTeamId, visibility: 'private' });
  });

  it('refuses to delete a team that owns gateways or items, and a transfer moves every one of them', async () => {
    await expect(s().teams.deleteTeam(owner, meta, teamId, null)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/3 gateways, \d+ tools, \d+ resources, \d+ prompts/),
    });
    const receiver = await s().teams.createTeam(owner, meta, { name: 'Final home' });
    await s().teams.deleteTeam(owner, meta, teamId, receiver);
    for (const id of Object.values(ids)) expect((await s().gatewayQueries.gateway(owner, id))?.teamId).toBe(receiver);
    for (const kind of ITEM_KINDS) {
      expect((await s().catalogQueries.items(kind, owner, { teamId }, page)).items).toEqual([]);
      expect((await s().catalogQueries.items(kind, owner, { teamId: receiver, gatewayId: ids.public }, pageRequest(1, null))).items).toHaveLength(1);
    }
    // The item moved earlier stays where it was put.
    expect((await s().catalogQueries.itemByName('tools', owner, 'upstream-team-tool-001'))!.teamId).toBe(otherTeamId);
    // The member lost the team, so the team-visible gateway is gone for them.
    expect(await s().gatewayQueries.gateway(member, ids.team)).toBeUndefined();
  });
});
