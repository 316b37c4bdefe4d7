import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamConnection, type UpstreamConnection } from '../../../api/mcp/upstream/connection.js';
import type { Discovery } from '../../../api/mcp/upstream/discover.js';
import { escapeNul, NUL_REPLACEMENT } from '../../../api/mcp/upstream/escape-nul.js';
import type { UpstreamSpec } from '../../../api/mcp/upstream/spec.js';
import { everythingStdio, startEverything, type RunningEverything } from '../../fixtures/everything.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { COUNTS, createPagedServer, PAGE_SIZE } from '../../fixtures/paged-server.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';
import { capturedLogger } from './support.js';

const { logger } = capturedLogger();
const connections: UpstreamConnection[] = [];
function connection(spec: UpstreamSpec): UpstreamConnection {
  const c = createUpstreamConnection(spec, { gatewayId: 'gw-discovery', logger });
  connections.push(c);
  return c;
}

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
});

/** What server-everything offers to a client that declares sampling, elicitation and roots. */
function expectEverythingCatalog(d: Discovery) {
  const tools = d.tools.map((t) => t.name);
  expect(tools).toEqual(
    expect.arrayContaining(['echo', 'get-env', 'get-sum', 'get-tiny-image', 'get-structured-content', 'trigger-long-running-operation']),
  );
  // Registered only for clients whose initialize declared these capabilities.
  expect(tools).toEqual(expect.arrayContaining(['get-roots-list', 'trigger-sampling-request', 'trigger-elicitation-request']));
  expect(new Set(tools).size).toBe(tools.length);

  const echo = d.tools.find((t) => t.name === 'echo')!;
  expect(echo).toMatchObject({
    title: 'Echo Tool',
    description: 'Echoes back the input string',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    annotations: { readOnlyHint: true, destructiveHint: false },
  });
  const structured = d.tools.find((t) => t.name === 'get-structured-content')!;
  expect(structured.outputSchema).toMatchObject({ type: 'object', required: ['temperature', 'conditions', 'humidity'] });

  expect(d.resources.map((r) => r.uri)).toContain('demo://resource/static/document/features.md');
  expect(d.resourceTemplates.map((t) => t.uriTemplate)).toEqual(
    expect.arrayContaining(['demo://resource/dynamic/text/{resourceId}', 'demo://resource/dynamic/blob/{resourceId}']),
  );
  expect(d.prompts.find((p) => p.name === 'args-prompt')?.arguments?.map((a) => a.name)).toContain('city');
}

describe('discovery against server-everything', () => {
  let http: RunningEverything;
  let sse: RunningEverything;
  let viaStdio: Discovery & { server: { name: string } };
  beforeAll(async () => {
    [http, sse, viaStdio] = await Promise.all([
      startEverything('streamableHttp'),
      startEverything('sse'),
      connection({ transport: 'stdio', ...everythingStdio() }).discover(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([http?.stop(), sse?.stop()]);
  });

  it('over stdio finds every tool, resource, template and prompt with full definitions', () => {
    expect(viaStdio.server.name).toBe('mcp-servers/everything');
    expectEverythingCatalog(viaStdio);
  });

  it('over Streamable HTTP finds the same catalog', async () => {
    const d = await connection({ transport: 'streamable_http', url: http.url }).discover();
    expectEverythingCatalog(d);
    expect(d.tools).toEqual(viaStdio.tools);
    expect(d.prompts).toEqual(viaStdio.prompts);
  });

  it('over legacy SSE finds the same catalog', async () => {
    const d = await connection({ transport: 'sse', url: sse.url }).discover();
    expectEverythingCatalog(d);
  });
});

describe('discovery follows every cursor to the end', () => {
  let host: HostedServer;
  beforeAll(async () => {
    host = await hostOverHttp(createPagedServer);
  });
  afterAll(async () => host?.close());

  const expectComplete = (d: Discovery) => {
    expect(COUNTS.tools).toBeGreaterThan(2 * PAGE_SIZE);
    expect(d.tools.map((t) => t.name)).toEqual(Array.from({ length: COUNTS.tools }, (_, i) => `tool-${String(i).padStart(3, '0')}`));
    expect(d.resources).toHaveLength(COUNTS.resources);
    expect(d.resourceTemplates).toHaveLength(COUNTS.resourceTemplates);
    expect(d.prompts).toHaveLength(COUNTS.prompts);
    expect(d.tools[119]).toEqual({
      name: 'tool-119',
      title: 'Tool 119',
      description: 'Tool number 119',
      inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
      outputSchema: { type: 'object', properties: { doubled: { type: 'number' } } },
      annotations: { readOnlyHint: true },
      _meta: { index: 119 },
    });
    // Upstream NUL characters are escaped, never kept raw.
    expect(d.tools[7].description).toBe(`has a NUL ${NUL_REPLACEMENT} inside`);
    expect(JSON.stringify(d)).not.toContain('\\u0000');
  };

  it('over Streamable HTTP', async () => {
    expectComplete(await connection({ transport: 'streamable_http', url: host.url }).discover());
  });

  it('over stdio', async () => {
    expectComplete(await connection({ transport: 'stdio', ...stdioFixture('paged-server') }).discover());
  });

  it('listAll lists one kind completely', async () => {
    const c = connection({ transport: 'streamable_http', url: host.url });
    expect(await c.listAll('prompts')).toHaveLength(COUNTS.prompts);
  });
});

describe('escapeNul', () => {
  it('replaces NUL in strings and keys at any depth and leaves everything else alone', () => {
    expect(escapeNul({ 'k\u0000': ['a\u0000b', 1, null, { deep: '\u0000' }], n: 2, b: true })).toEqual({
      [`k${NUL_REPLACEMENT}`]: [`a${NUL_REPLACEMENT}b`, 1, null, { deep: NUL_REPLACEMENT }],
      n: 2,
      b: true,
    });
  });
});
