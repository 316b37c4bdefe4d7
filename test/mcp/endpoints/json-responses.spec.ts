import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { startMcpApp, type McpTestApp } from './support.js';

const meta = { actor: 'test' };

/** Streamable HTTP answers in JSON or as an event stream, as the client's Accept header allows. */
describe('JSON or SSE responses as the request allows', () => {
  let t: McpTestApp;
  let upstream: HostedServer;
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } };
  const post = (accept: string, body: unknown, session?: string) =>
    fetch(`${t.base}/servers/json-srv/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept,
        authorization: `Bearer ${t.adminToken}`,
        ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } : {}),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startMcpApp();
    upstream = await hostOverHttp(() => createBundleServer('js'));
    const admin = await t.principal('admin@example.com');
    const gatewayId = await t.services.gateways.registerGateway(admin, meta, { name: 'Js', transport: 'streamable_http', url: upstream.url, visibility: 'public' });
    const echo = (await t.services.catalogQueries.items('tools', admin, { gatewayId }, pageRequest(50, null))).items.find((i) => i.upstreamName === 'echo')!;
    await t.services.servers.createServer(admin, meta, { id: 'json-srv', name: 'Json', visibility: 'public', members: [{ kind: 'tools', itemId: echo.id }] });
  });
  afterAll(async () => {
    await t?.stop();
    await upstream?.close();
  });

  it('answers a client that accepts only JSON in JSON, for the whole session', async () => {
    const init = await post('application/json', initialize);
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/^application\/json/);
    const session = init.headers.get('mcp-session-id')!;
    expect((await init.json()) as object).toMatchObject({ id: 1, result: { serverInfo: { name: 'switchboard' } } });
    expect((await post('application/json', { jsonrpc: '2.0', method: 'notifications/initialized' }, session)).status).toBe(202);
    const call = await post('application/json', { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'js-echo', arguments: { text: 'hi' } } }, session);
    expect(call.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await call.json()).toEqual({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'js:hi' }] } });
  });

  it('streams to a client that accepts an event stream, and refuses JSON-only requests in that session', async () => {
    const init = await post('application/json, text/event-stream', initialize);
    expect(init.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const session = init.headers.get('mcp-session-id')!;
    await init.body?.cancel();
    const jsonOnly = await post('application/json', { jsonrpc: '2.0', id: 3, method: 'tools/list' }, session);
    expect(jsonOnly.status).toBe(406);
  });
});
