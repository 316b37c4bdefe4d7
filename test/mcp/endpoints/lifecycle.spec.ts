import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { bearer, graphql, postJson } from '../../support/auth.js';
import { connectClient, startMcpApp, type McpTestApp } from './support.js';

const meta = { actor: 'test' };


describe('sessions end with their credential; metrics and invokeTool', () => {
  let t: McpTestApp;
  let upstream: HostedServer;
  let echoId: string, gatewayId: string;

  beforeAll(async () => {
    t = await startMcpApp();
    upstream = await hostOverHttp(() => createBundleServer('life'));
    const admin = await t.principal('admin@example.com');
    gatewayId = await t.services.gateways.registerGateway(admin, meta, { name: 'Life', transport: 'streamable_http', url: upstream.url, visibility: 'public' });
    const tools = (await t.services.catalogQueries.items('tools', admin, { gatewayId }, pageRequest(50, null))).items;
    echoId = tools.find((i) => i.upstreamName === 'echo')!.id;
    const failId = tools.find((i) => i.upstreamName === 'fail')!.id;
    await t.services.servers.createServer(admin, meta, { id: 'life', name: 'Life', visibility: 'public', members: [{ kind: 'tools', itemId: echoId }, { kind: 'tools', itemId: failId }] });
  });
  afterAll(async () => {
    await t?.stop();
    await upstream?.close();
  });

  it.each(['mcp', 'sse'] as const)('logout closes a live %s session at once, and its id is refused afterwards', async (transport) => {
    const token = await t.user(`logout-${transport}@example.com`);
    const c = await connectClient(t.base, `/servers/life/${transport}`, t.adminToken, { transport });
    const mine = await connectClient(t.base, `/servers/life/${transport}`, token, { transport });
    const before = t.services.mcpSessions.size();
    const res = await postJson(t, '/auth/email/logout', {}, bearer(token));
    expect(res.status).toBeLessThan(300);
    expect(t.services.mcpSessions.size()).toBe(before - 1);
    await expect(mine.listTools()).rejects.toThrow();
    // Others' sessions are untouched.
    await expect(c.listTools()).resolves.toMatchObject({ tools: expect.any(Array) });
    await Promise.all([c.close(), mine.close().catch(() => undefined)]);
  });

  it.each(['mcp', 'sse'] as const)('deactivating the user closes their live %s session', async (transport) => {
    const email = `deactivated-${transport}@example.com`;
    const token = await t.user(email);
    const c = await connectClient(t.base, `/servers/life/${transport}`, token, { transport });
    const before = t.services.mcpSessions.size();
    const r = await graphql(t, 'mutation($email: String!) { setUserActive(email: $email, active: false) { id } }', { email }, bearer(t.adminToken));
    expect(r.errors).toBeUndefined();
    expect(t.services.mcpSessions.size()).toBe(before - 1);
    await expect(c.listTools()).rejects.toThrow();
    await c.close().catch(() => undefined);
  });

  /**
   * A live Streamable HTTP session (the SDK client) and a live SSE stream (read raw, so its end is seen as
   * the server ending it rather than a client reconnecting) of one user.
   */
  async function openBoth(token: string, server = 'life') {
    const client = await connectClient(t.base, `/servers/${server}/mcp`, token);
    await client.listTools();
    const res = await fetch(`${t.base}/servers/${server}/sse`, { headers: { ...bearer(token), accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^event: endpoint\n/);
    return {
      before: t.services.mcpSessions.size(),
      /** The stream finished (not reset) and the session answers nothing any more. */
      async ended() {
        for (;;) if ((await reader.read()).done) break;
        await expect(client.listTools()).rejects.toThrow();
        await client.close().catch(() => undefined);
      },
    };
  }

  it('a password change ends the user\'s live Streamable HTTP session and SSE stream at once', async () => {
    const email = 'password-change@example.com';
    const token = await t.user(email);
    const bystander = await connectClient(t.base, '/servers/life/mcp', t.adminToken);
    const both = await openBoth(token);
    const r = await graphql(t, 'mutation { changePassword(oldPassword: "user-password-1", newPassword: "another-password-2") { accessToken } }', {}, bearer(token));
    expect(r.errors).toBeUndefined();
    expect(t.services.mcpSessions.size()).toBe(both.before - 2);
    await both.ended();
    await expect(bystander.listTools()).resolves.toMatchObject({ tools: expect.any(Array) });
    await bystander.close();
  });

  it('an admin revoking the user\'s sessions ends their live Streamable HTTP session and SSE stream at once', async () => {
    const email = 'revoked@example.com';
    const both = await openBoth(await t.user(email));
    const r = await graphql(t, 'mutation($email: String!) { revokeUserSessions(email: $email) { id } }', { email }, bearer(t.adminToken));
    expect(r.errors).toBeUndefined();
    expect(t.services.mcpSessions.size()).toBe(both.before - 2);
    await both.ended();
  });

  it('losing the team membership that made a server visible ends the live Streamable HTTP session and SSE stream on it', async () => {
    const admin = await t.principal('admin@example.com');
    const email = 'leaving@example.com';
    const token = await t.user(email);
    const teamId = await t.services.teams.createTeam(admin, meta, { name: 'Crew' });
    const invite = await t.services.teams.inviteMember(admin, meta, teamId, email, 'team_member');
    await t.services.teams.answerInvitation(await t.principal(email), meta, invite.token, true);
    await t.services.servers.createServer(admin, meta, { id: 'crew-only', name: 'Crew only', teamId, visibility: 'team', members: [{ kind: 'tools', itemId: echoId }] });
    // The same user's session on a public server survives: only what the lost membership hid ends.
    const elsewhere = await connectClient(t.base, '/servers/life/mcp', token);
    const both = await openBoth(token, 'crew-only');
    const r = await graphql(t, 'mutation($id: ID!, $email: String!) { removeMember(teamId: $id, email: $email) }', { id: teamId, email }, bearer(t.adminToken));
    expect(r.errors).toBeUndefined();
    expect(t.services.mcpSessions.size()).toBe(both.before - 2);
    await both.ended();
    await expect(elsewhere.listTools()).resolves.toMatchObject({ tools: [{ name: 'life-echo' }, { name: 'life-fail' }] });
    await elsewhere.close();
  });

  it('counts calls by outcome per tool, server and gateway, and GraphQL metrics returns totals and minutes', async () => {
    const c = await connectClient(t.base, '/servers/life/mcp', t.adminToken);
    await c.callTool({ name: 'life-echo', arguments: { text: 'a' } });
    await c.callTool({ name: 'life-echo', arguments: { text: 'b' } });
    await c.callTool({ name: 'life-fail', arguments: {} });
    await c.close();
    const query = 'query($scope: MetricScope!, $id: ID!) { metrics(scope: $scope, id: $id) { totals { calls failures toolErrors transportFailures rpcFailures latencyMaxMs latencyP95Ms lastCallAt } minutes { minute metrics { calls } } } }';
    const server = await graphql<{ metrics: { totals: Record<string, unknown>; minutes: { metrics: { calls: number } }[] } }>(t, query, { scope: 'server', id: 'life' }, bearer(t.adminToken));
    expect(server.errors).toBeUndefined();
    expect(server.data!.metrics.totals).toMatchObject({ calls: 3, failures: 1, toolErrors: 1, transportFailures: 0, rpcFailures: 0, lastCallAt: expect.any(String) });
    expect(server.data!.metrics.minutes.reduce((n, m) => n + m.metrics.calls, 0)).toBe(3);
    const tool = await graphql<{ metrics: { totals: { calls: number } } }>(t, query, { scope: 'tool', id: echoId }, bearer(t.adminToken));
    expect(tool.data!.metrics.totals.calls).toBeGreaterThanOrEqual(2);
    const gateway = await graphql<{ metrics: { totals: { calls: number } } }>(t, query, { scope: 'gateway', id: gatewayId }, bearer(t.adminToken));
    expect(gateway.data!.metrics.totals.calls).toBeGreaterThanOrEqual(3);
  });

  it('invokeTool runs the same path as tools/call, and hides what the caller may not run', async () => {
    const r = await graphql<{ invokeTool: unknown }>(t, 'mutation($id: ID!, $args: JSON) { invokeTool(id: $id, arguments: $args) }', { id: echoId, args: { text: 'ui' } }, bearer(t.adminToken));
    expect(r.data?.invokeTool).toEqual({ content: [{ type: 'text', text: 'life:ui' }] });
    // A public tool is for every signed-in user (tools.execute from their personal team); a private one is not there for them.
    const outsider = await t.user('outsider@example.com');
    const run = (id: string) => graphql<{ invokeTool: unknown }>(t, 'mutation($id: ID!) { invokeTool(id: $id, arguments: { text: "out" }) }', { id }, bearer(outsider));
    expect((await run(echoId)).data?.invokeTool).toEqual({ content: [{ type: 'text', text: 'life:out' }] });
    const admin = await t.principal('admin@example.com');
    const privateGateway = await t.services.gateways.registerGateway(admin, meta, { name: 'Life private', transport: 'streamable_http', url: upstream.url, visibility: 'private' });
    const privateEcho = (await t.services.catalogQueries.items('tools', admin, { gatewayId: privateGateway }, pageRequest(50, null))).items.find((i) => i.upstreamName === 'echo')!.id;
    expect((await run(privateEcho)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('gives a clear tool error when the upstream is down, and recovers when it is back', async () => {
    const c = await connectClient(t.base, '/servers/life/mcp', t.adminToken);
    upstream.setDown(true);
    const failed = await c.callTool({ name: 'life-echo', arguments: { text: 'x' } });
    expect(failed).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/Tool "life-echo" failed: .*(unavailable|503)/) }] });
    upstream.setDown(false);
    expect(await c.callTool({ name: 'life-echo', arguments: { text: 'y' } })).toEqual({ content: [{ type: 'text', text: 'life:y' }] });
    await c.close();
  });
});
