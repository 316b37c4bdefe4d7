import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { bearer, graphql } from '../../support/auth.js';
import { connectClient, startMcpApp, type McpTestApp } from './support.js';

const meta = { actor: 'test' };

/** Issue 7 on the MCP surface: scope per endpoint, revocation closing live sessions, usage per message. */
describe('API tokens on the MCP endpoints', () => {
  let t: McpTestApp;
  let upstream: HostedServer;

  const createToken = async (input: Record<string, unknown>, as = t.adminToken) => {
    const r = await graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      t,
      'mutation($i: NewApiTokenInput!) { createApiToken(input: $i) { token apiToken { id } } }',
      { i: { expiresInDays: 1, ...input } },
      bearer(as),
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data!.createApiToken;
  };
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${t.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...bearer(token) }, body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await startMcpApp();
    upstream = await hostOverHttp(() => createBundleServer('tok'));
    const admin = await t.principal('admin@example.com');
    const gatewayId = await t.services.gateways.registerGateway(admin, meta, { name: 'Tok', transport: 'streamable_http', url: upstream.url, visibility: 'public' });
    const tools = (await t.services.catalogQueries.items('tools', admin, { gatewayId }, pageRequest(50, null))).items;
    const member = (name: string) => ({ kind: 'tools' as const, itemId: tools.find((i) => i.upstreamName === name)!.id });
    await t.services.servers.createServer(admin, meta, { id: 'alpha', name: 'Alpha', visibility: 'public', members: [member('echo'), member('fail')] });
    await t.services.servers.createServer(admin, meta, { id: 'beta', name: 'Beta', visibility: 'public', members: [member('echo')] });
  });
  afterAll(async () => {
    await t?.stop();
    await upstream?.close();
  });

  it('lets a token limited to one server reach only that server: 403 insufficient_scope on another, on /mcp and on /rpc', async () => {
    const { token } = await createToken({ name: 'alpha-only', serverId: 'alpha' });
    const c = await connectClient(t.base, '/servers/alpha/mcp', token);
    expect((await c.listTools()).tools.map((x) => x.name).sort()).toEqual(['tok-echo', 'tok-fail']);
    await c.close();
    for (const path of ['/servers/beta/mcp', '/mcp', '/rpc', '/servers/beta/rpc']) {
      const res = await post(path, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(res.status, path).toBe(403);
      expect(res.headers.get('www-authenticate'), path).toBe('Bearer realm="switchboard", error="insufficient_scope"');
      expect(await res.json(), path).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
    }
    const rpc = await post('/servers/alpha/rpc', token, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'tok-echo', arguments: { text: 'hi' } } });
    expect(await rpc.json()).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'tok:hi' }] } });
  });

  it('applies the permission list on MCP: tools/list and tools/call share the tools.execute rule', async () => {
    const { token } = await createToken({ name: 'read-only', permissions: ['tools.read', 'servers.read'] });
    const c = await connectClient(t.base, '/servers/alpha/mcp', token);
    expect((await c.listTools()).tools).toEqual([]);
    await expect(c.callTool({ name: 'tok-echo', arguments: { text: 'x' } })).rejects.toThrow(/Unknown tool: tok-echo/);
    await c.close();
    const { token: runner } = await createToken({ name: 'runner', permissions: ['tools.execute'] });
    const r = await connectClient(t.base, '/servers/alpha/mcp', runner);
    expect(await r.callTool({ name: 'tok-echo', arguments: { text: 'x' } })).toEqual({ content: [{ type: 'text', text: 'tok:x' }] });
    await r.close();
  });

  it.each(['mcp', 'sse'] as const)('revocation closes a live %s session at once, and the token is refused after', async (transport) => {
    const { token, apiToken } = await createToken({ name: `live-${transport}` });
    const c = await connectClient(t.base, `/servers/alpha/${transport}`, token, { transport });
    expect((await c.listTools()).tools.length).toBe(2);
    const before = t.services.mcpSessions.size();
    const revoked = await graphql(t, 'mutation($id: ID!) { revokeApiToken(id: $id, reason: "leaked") }', { id: apiToken.id }, bearer(t.adminToken));
    expect(revoked.errors).toBeUndefined();
    expect(t.services.mcpSessions.size()).toBe(before - 1);
    await expect(c.listTools()).rejects.toThrow();
    await c.close().catch(() => undefined);
    expect((await post('/servers/alpha/rpc', token, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status).toBe(401);
  });

  it('records one usage row per MCP request, with its method, tool and outcome', async () => {
    const { token, apiToken } = await createToken({ name: 'metered' });
    const c = await connectClient(t.base, '/servers/alpha/mcp', token);
    await c.listTools();
    await c.callTool({ name: 'tok-echo', arguments: { text: 'a' } });
    await c.callTool({ name: 'tok-fail', arguments: {} });
    await c.close();
    await t.services.tokenUsage.flush();
    const usage = await graphql<{ tokenUsage: { calls: number; errors: number; items: { surface: string; operation: string; toolName: string | null; outcome: string }[] } }>(
      t,
      'query($id: ID!) { tokenUsage(tokenId: $id) { calls errors items { surface operation toolName outcome } } }',
      { id: apiToken.id },
      bearer(t.adminToken),
    );
    expect(usage.errors).toBeUndefined();
    expect(usage.data!.tokenUsage.items).toEqual([
      { surface: 'mcp', operation: 'initialize', toolName: null, outcome: 'ok' },
      { surface: 'mcp', operation: 'tools/list', toolName: null, outcome: 'ok' },
      { surface: 'mcp', operation: 'tools/call', toolName: 'tok-echo', outcome: 'ok' },
      { surface: 'mcp', operation: 'tools/call', toolName: 'tok-fail', outcome: 'error' },
    ]);
    expect(usage.data!.tokenUsage).toMatchObject({ calls: 4, errors: 1 });
  });
});
