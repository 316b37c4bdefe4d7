import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { everythingStdio, startEverything, type RunningEverything } from '../../fixtures/everything.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { connectClient, startMcpApp, type McpTestApp } from './support.js';

const meta = { actor: 'test' };
const SAME_RESULT_CALLS: [string, Record<string, unknown>][] = [
  ['echo', { message: 'hello' }],
  ['get-sum', { a: 2, b: 40 }],
  ['get-tiny-image', {}],
  ['get-structured-content', { location: 'New York' }],
  ['get-annotated-message', { messageType: 'error', includeImage: true }],
  ['get-resource-links', { count: 3 }],
  ['get-resource-reference', { resourceType: 'Text', resourceId: 2 }],
];

/**
 * server-everything over stdio and over Streamable HTTP behind a virtual server that exposes its upstream
 * names (a drop-in replacement), driven by SDK clients through Streamable HTTP and the legacy SSE transport.
 */
describe.each(['stdio', 'streamableHttp'] as const)('server-everything (%s) behind a virtual server', (upstream) => {
  let t: McpTestApp;
  let direct: Client;
  let token: string;
  let http: RunningEverything | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startMcpApp();
    const admin = await t.principal('admin@example.com');
    token = t.adminToken;
    if (upstream === 'streamableHttp') http = await startEverything('streamableHttp');
    const gatewayId = await t.services.gateways.registerGateway(
      admin,
      meta,
      http ? { name: 'Everything', transport: 'streamable_http', url: http.url, visibility: 'public' } : { name: 'Everything', transport: 'stdio', ...everythingStdio(), visibility: 'public' },
    );
    const members = [];
    for (const kind of ['tools', 'resources', 'resourceTemplates', 'prompts'] as const) {
      const items = (await t.services.catalogQueries.items(kind, admin, { gatewayId }, pageRequest(200, null))).items;
      members.push(...items.map((i) => ({ kind, itemId: i.id })));
    }
    await t.services.servers.createServer(admin, meta, { id: 'everything', name: 'Everything', visibility: 'public', exposure: 'upstream', members });
    direct = new Client({ name: 'direct', version: '1.0.0' });
    await direct.connect(http ? new StreamableHTTPClientTransport(new URL(http.url)) : new StdioClientTransport({ ...everythingStdio(), stderr: 'ignore' }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([direct, ...clients].map((c) => c?.close().catch(() => undefined)));
    await t?.stop();
    await http?.stop();
  });

  const connect = async (transport: 'mcp' | 'sse', capabilities = {}) => {
    const c = await connectClient(t.base, `/servers/everything/${transport}`, token, { transport, capabilities });
    clients.push(c);
    return c;
  };

  describe.each(['mcp', 'sse'] as const)('over %s', (transport) => {
    it.each(SAME_RESULT_CALLS)('%s gives the result a direct call gives', async (name, args) => {
      const c = await connect(transport);
      const [through, straight] = await Promise.all([c.callTool({ name, arguments: args }), direct.callTool({ name, arguments: args })]);
      expect(through).toEqual(straight);
    });

    it('delivers progress of a long-running operation', async () => {
      const c = await connect(transport);
      const progress: number[] = [];
      const result = await c.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
      expect(result.isError).toBeFalsy();
      // The last notification can race the response; the first ones cannot.
      expect(progress.slice(0, 2)).toEqual([1, 2]);
    });

    it('reads, lists templates, gets a prompt with arguments and completes', async () => {
      const c = await connect(transport);
      const [resource] = (await c.listResources()).resources;
      expect((await c.readResource({ uri: resource.uri })).contents).toEqual((await direct.readResource({ uri: resource.uri })).contents);
      expect((await c.listResourceTemplates()).resourceTemplates.length).toBeGreaterThan(0);
      const args = { city: 'Paris', state: 'TX' };
      expect(await c.getPrompt({ name: 'args-prompt', arguments: args })).toEqual(await direct.getPrompt({ name: 'args-prompt', arguments: args }));
      const ref = { type: 'ref/prompt' as const, name: 'completable-prompt' };
      expect(await c.complete({ ref, argument: { name: 'department', value: 'E' } })).toEqual(await direct.complete({ ref, argument: { name: 'department', value: 'E' } }));
    });
  });

  it('passes sampling, elicitation and roots requests to the client that caused them, each only its own', async () => {
    const clientsWith = await Promise.all(
      ['first', 'second'].map(async (label) => {
        const c = new Client({ name: label, version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } } });
        const seen: string[] = [];
        c.setRequestHandler(CreateMessageRequestSchema, async (req) => {
          seen.push(`sampling:${JSON.stringify(req.params.messages[0].content)}`);
          return { model: `model-${label}`, role: 'assistant', content: { type: 'text', text: `answer from ${label}` } };
        });
        c.setRequestHandler(ElicitRequestSchema, async () => {
          seen.push('elicitation');
          return { action: 'decline' };
        });
        c.setRequestHandler(ListRootsRequestSchema, async () => {
          seen.push('roots');
          return { roots: [{ uri: `file:///${label}`, name: label }] };
        });
        await c.connect(new StreamableHTTPClientTransport(new URL(`${t.base}/servers/everything/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        clients.push(c);
        return { c, seen, label };
      }),
    );
    for (const { c, label } of clientsWith) {
      const sampled = await c.callTool({ name: 'trigger-sampling-request', arguments: { prompt: `from ${label}` } });
      expect(JSON.stringify(sampled)).toContain(`answer from ${label}`);
      const elicited = await c.callTool({ name: 'trigger-elicitation-request', arguments: {} });
      expect(JSON.stringify(elicited)).toMatch(/decline/i);
      const roots = await c.callTool({ name: 'get-roots-list', arguments: {} });
      expect(JSON.stringify(roots)).toContain(`file:///${label}`);
    }
    for (const { seen, label } of clientsWith) {
      expect(seen.filter((s) => s.startsWith('sampling'))).toEqual([`sampling:${JSON.stringify({ type: 'text', text: `Resource trigger-sampling-request context: from ${label}` })}`]);
      expect(seen).toContain('elicitation');
    }
  }, 30_000);

  it('delivers simulated logging at the level the client set, through its own upstream session', async () => {
    const c = await connect('mcp');
    const messages: LoggingMessageNotification['params'][] = [];
    const first = new Promise<void>((resolve) =>
      c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        messages.push(n.params);
        resolve();
      }),
    );
    await c.setLoggingLevel('debug');
    await c.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    await first;
    await c.setLoggingLevel('emergency');
    const levels = new Set(messages.map((m) => m.level));
    expect(levels.size).toBeGreaterThan(0);
    await c.callTool({ name: 'toggle-simulated-logging', arguments: {} });
  }, 30_000);

  it('subscribes to a resource through the upstream', async () => {
    const c = await connect('mcp');
    const [resource] = (await c.listResources()).resources;
    await expect(c.subscribeResource({ uri: resource.uri })).resolves.toEqual({});
    await expect(c.unsubscribeResource({ uri: resource.uri })).resolves.toEqual({});
  });
});
