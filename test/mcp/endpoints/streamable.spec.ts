import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { createCountingServer, type InitializeCounter } from '../../fixtures/counting-server.js';
import type { ItemKind } from '../../../events/catalog/events.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { connectClient, startMcpApp, type McpTestApp, type Transport } from './support.js';

const meta = { actor: 'test' };
const UPSTREAM_SECRET = 'upstream-secret-token-7f3a';

describe('virtual server endpoints with the SDK client', () => {
  let t: McpTestApp;
  let alpha: HostedServer, counting: HostedServer;
  const counter: InitializeCounter = { initializes: 0 };
  let gw: string, countingGw: string;
  let memberToken: string, outsiderToken: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startMcpApp();
    [alpha, counting] = await Promise.all([hostOverHttp(() => createBundleServer('alpha')), hostOverHttp(() => createCountingServer(counter))]);
    const admin = await t.principal('admin@example.com');
    memberToken = await t.user('member@example.com');
    outsiderToken = await t.user('outsider@example.com');
    // The member belongs to the team that holds the gateways.
    const teamId = await t.services.teams.createTeam(admin, meta, { name: 'Tools' });
    const invite = await t.services.teams.inviteMember(admin, meta, teamId, 'member@example.com', 'team_member');
    await t.services.teams.answerInvitation(await t.principal('member@example.com'), meta, invite.token, true);
    gw = await t.services.gateways.registerGateway(admin, meta, { name: 'Alpha', transport: 'streamable_http', url: alpha.url, teamId, visibility: 'public', auth: { type: 'bearer', token: UPSTREAM_SECRET } });
    countingGw = await t.services.gateways.registerGateway(admin, meta, { name: 'Count', transport: 'streamable_http', url: counting.url, teamId, visibility: 'public' });
    const id = async (kind: ItemKind, gatewayId: string, name: string) =>
      (await t.services.catalogQueries.items(kind, admin, { gatewayId }, pageRequest(200, null))).items.find((i) => i.upstreamName === name)!.id;
    await t.services.servers.createServer(admin, meta, {
      id: 'bundle-1',
      name: 'Bundle',
      visibility: 'public',
      members: [
        { kind: 'tools', itemId: await id('tools', gw, 'echo') },
        { kind: 'tools', itemId: await id('tools', gw, 'fail') },
        { kind: 'resources', itemId: await id('resources', gw, 'file:///shared.txt') },
        { kind: 'resourceTemplates', itemId: await id('resourceTemplates', gw, 'file:///notes/{name}') },
        { kind: 'prompts', itemId: await id('prompts', gw, 'greet'), alias: 'hello' },
      ],
    });
    await t.services.servers.createServer(admin, meta, { id: 'counting', name: 'Counting', visibility: 'public', members: [{ kind: 'tools', itemId: await id('tools', countingGw, 'echo') }] });
    await t.services.servers.createServer(admin, meta, { id: 'private-one', name: 'Private', visibility: 'private' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await t?.stop();
    await Promise.all([alpha, counting].map((s) => s?.close()));
  });

  const connect = async (path: string, token: string, transport: Transport = 'mcp') => {
    const c = await connectClient(t.base, path, token, { transport });
    clients.push(c);
    return c;
  };

  describe.each(['mcp', 'sse'] as const)('over %s', (transport) => {
    const path = transport === 'mcp' ? '/servers/bundle-1/mcp' : '/servers/bundle-1/sse';

    it('lists only the server members, under their names, with whole definitions', async () => {
      const c = await connect(path, memberToken, transport);
      const tools = await c.listTools();
      expect(tools.tools.map((x) => x.name)).toEqual(['alpha-echo', 'alpha-fail']);
      expect(tools.tools[0]).toMatchObject({ description: 'Echoes its text', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } });
      expect((await c.listResources()).resources.map((r) => r.uri)).toEqual(['file:///shared.txt']);
      expect((await c.listResourceTemplates()).resourceTemplates.map((r) => r.uriTemplate)).toEqual(['file:///notes/{name}']);
      expect((await c.listPrompts()).prompts.map((p) => p.name)).toEqual(['hello']);
    });

    it('calls, reads, gets prompts and completes through the upstream, results unchanged', async () => {
      const c = await connect(path, memberToken, transport);
      expect(await c.callTool({ name: 'alpha-echo', arguments: { text: 'hi' } })).toEqual({ content: [{ type: 'text', text: 'alpha:hi' }] });
      expect(await c.callTool({ name: 'alpha-fail', arguments: {} })).toEqual({ content: [{ type: 'text', text: 'failed on purpose' }], isError: true });
      expect((await c.readResource({ uri: 'file:///shared.txt' })).contents).toEqual([{ uri: 'file:///shared.txt', text: 'shared from alpha' }]);
      expect((await c.readResource({ uri: 'file:///notes/alpha' })).contents).toEqual([{ uri: 'file:///notes/alpha', text: 'note alpha from alpha' }]);
      expect((await c.getPrompt({ name: 'hello', arguments: { name: 'Ada' } })).messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello Ada from alpha' } }]);
      const done = await c.complete({ ref: { type: 'ref/resource', uri: 'file:///notes/{name}' }, argument: { name: 'name', value: 'al' } });
      expect(done.completion.values).toEqual(['alpha']);
    });

    it('answers "unknown tool" for a name that is not a member, and not found for resources outside it', async () => {
      const c = await connect(path, memberToken, transport);
      await expect(c.callTool({ name: 'count-echo', arguments: { text: 'x' } })).rejects.toThrow(/Unknown tool: count-echo/);
      await expect(c.readResource({ uri: 'file:///elsewhere' })).rejects.toThrow(/not found/);
    });
  });

  it('never sends the client token upstream: the upstream sees only its own credential', async () => {
    const c = await connect('/servers/bundle-1/mcp', memberToken);
    const before = alpha.requests.length;
    await c.callTool({ name: 'alpha-echo', arguments: { text: 'secret?' } });
    const seen = alpha.requests.slice(before).map((r) => r.headers.authorization);
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) expect(h).toBe(`Bearer ${UPSTREAM_SECRET}`);
    expect(JSON.stringify(alpha.requests)).not.toContain(memberToken);
  });

  it('shares one pooled upstream session: N calls from M plain clients, one initialize', async () => {
    const plain = await Promise.all([1, 2, 3].map(() => connect('/servers/counting/mcp', memberToken)));
    await Promise.all(plain.flatMap((c, i) => [0, 1, 2, 3, 4].map((n) => c.callTool({ name: 'count-echo', arguments: { text: `${i}-${n}` } }))));
    expect(counter.initializes).toBe(1);
  });

  it('refuses a missing or bad token with 401, the challenge and how to get a token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }] as Record<string, string>[]) {
      const res = await fetch(`${t.base}/servers/bundle-1/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: '{}' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="switchboard"/);
      const body = (await res.json()) as { detail: string; code: string };
      expect(body.code).toBe('UNAUTHENTICATED');
      expect(body.detail).toContain('POST /auth/email/login');
    }
  });

  it('refuses a foreign Origin and an unknown Host with 403', async () => {
    const res = await fetch(`${t.base}/servers/bundle-1/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${memberToken}`, origin: 'http://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const host = await t.app.fetch(new Request('http://rebound.example/servers/bundle-1/mcp', { method: 'POST', headers: { authorization: `Bearer ${memberToken}` }, body: '{}' }));
    expect(host.status).toBe(403);
    expect(await host.json()).toEqual({ detail: 'Host rebound.example is not served here (ALLOWED_HOSTS)', code: 'FORBIDDEN' });
  });

  it('answers "not found" for a server the caller cannot see, and for another user\'s session id', async () => {
    await expect(connect('/servers/private-one/mcp', memberToken)).rejects.toThrow();
    const res = await fetch(`${t.base}/servers/private-one/mcp`, { method: 'POST', headers: { authorization: `Bearer ${memberToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(404);
    const mine = await connect('/servers/bundle-1/mcp', memberToken);
    const sessionId = (mine.transport as unknown as { sessionId: string }).sessionId;
    const theirs = await fetch(`${t.base}/servers/bundle-1/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${outsiderToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(theirs.status).toBe(404);
  });

  it('answers one JSON-RPC request on /rpc without a session', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${t.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${memberToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const list = await post('/servers/bundle-1/rpc', { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { result: { tools: { name: string }[] } }).result.tools.map((x) => x.name)).toEqual(['alpha-echo', 'alpha-fail']);
    const call = await post('/rpc', { jsonrpc: '2.0', id: 'c', method: 'tools/call', params: { name: 'alpha-echo', arguments: { text: 'one-shot' } } });
    expect(await call.json()).toEqual({ jsonrpc: '2.0', id: 'c', result: { content: [{ type: 'text', text: 'alpha:one-shot' }] } });
    const bad = await post('/rpc', { nope: true });
    expect(bad.status).toBe(400);
  });
});
