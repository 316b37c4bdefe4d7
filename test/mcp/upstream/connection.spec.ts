import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { createUpstreamConnection, type UpstreamConnection, type UpstreamEvent } from '../../../api/mcp/upstream/connection.js';
import type { UpstreamAuth } from '../../../api/mcp/upstream/spec.js';
import { createCountingServer, type InitializeCounter } from '../../fixtures/counting-server.js';
import { everythingStdio, startEverything } from '../../fixtures/everything.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { capturedLogger } from './support.js';

const { logger } = capturedLogger();
const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

describe('the pooled session of an HTTP upstream', () => {
  const counter: InitializeCounter = { initializes: 0 };
  let host: HostedServer;
  let conn: UpstreamConnection;
  const events: UpstreamEvent[] = [];
  beforeAll(async () => {
    host = await hostOverHttp(() => createCountingServer(counter));
    conn = createUpstreamConnection({ transport: 'streamable_http', url: host.url }, { gatewayId: 'gw-pool', logger });
    conn.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await conn.close();
    await host.close();
  });

  it('serves many concurrent and later calls with a single initialize', async () => {
    expect(conn.state()).toBe('idle');
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => conn.callTool('echo', { text: `call ${i}` })));
    expect(first.map(text)).toEqual(Array.from({ length: 20 }, (_, i) => `call ${i}`));
    for (let i = 0; i < 10; i++) await conn.callTool('echo', { text: 'again' });
    await conn.ping();
    await conn.discover();
    expect(counter.initializes).toBe(1);
    expect(conn.state()).toBe('ready');
    expect(events.filter((e) => e.type === 'connected')).toEqual([{ type: 'connected', info: conn.info(), reconnect: false }]);
  });

  it('re-establishes the session transparently when the upstream forgets it', async () => {
    await host.forgetSessions();
    expect(text(await conn.callTool('echo', { text: 'after restart' }))).toBe('after restart');
    expect(counter.initializes).toBe(2);
    expect(events.filter((e) => e.type === 'connected').at(-1)).toMatchObject({ reconnect: true });
  });

  it('passes the upstream JSON-RPC error through, and keeps the session', async () => {
    const err = await conn.readResource('nothing://here').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPSTREAM_REQUEST_FAILED', rpc: { code: expect.any(Number), message: expect.any(String) } });
    await conn.callTool('echo', { text: 'still here' });
    expect(counter.initializes).toBe(2);
  });

  it('fails a call on an unreachable upstream clearly, then reconnects when it is back', async () => {
    host.setDown(true);
    await host.forgetSessions();
    await expect(conn.callTool('echo', { text: 'x' })).rejects.toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('HTTP 503') });
    host.setDown(false);
    expect(text(await conn.callTool('echo', { text: 'back' }))).toBe('back');
  });
});

describe('calls through server-everything over stdio', () => {
  let conn: UpstreamConnection;
  beforeAll(() => {
    conn = createUpstreamConnection({ transport: 'stdio', ...everythingStdio() }, { gatewayId: 'gw-calls', logger });
  });
  afterAll(() => conn.close());

  it('returns results as the upstream sent them (structuredContent, images, prompts, resources, completion)', async () => {
    const structured = await conn.callTool('get-structured-content', { location: 'Chicago' });
    expect(structured.structuredContent).toMatchObject({ temperature: expect.any(Number), conditions: expect.any(String) });
    const image = await conn.callTool('get-tiny-image', {});
    expect(image.content.map((c) => c.type)).toContain('image');
    const prompt = await conn.getPrompt('args-prompt', { city: 'Paris' });
    expect(JSON.stringify(prompt.messages)).toContain('Paris');
    const resource = await conn.readResource('demo://resource/dynamic/text/1');
    expect(resource.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/1' });
    const completion = await conn.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } });
    expect(completion.completion.values.length).toBeGreaterThan(0);
  });

  it('delivers progress notifications to the caller', async () => {
    const progress: Progress[] = [];
    await conn.callTool('trigger-long-running-operation', { duration: 0.3, steps: 3 }, { onprogress: (p) => progress.push(p) });
    // The SDK client handles notifications a tick after responses, so the last step's progress can lose
    // the race with the result it precedes; the earlier ones always arrive, in order.
    expect(progress.slice(0, 2)).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
    ]);
  });

  it('a call slower than its timeout fails with UPSTREAM_TIMEOUT and the session stays usable', async () => {
    await expect(conn.callTool('trigger-long-running-operation', { duration: 30, steps: 30 }, { timeout: 200 })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      status: 504,
    });
    expect(text(await conn.callTool('echo', { message: 'fine' }))).toContain('fine');
  });

  it('a cancelled call rejects with the reason given', async () => {
    const controller = new AbortController();
    const call = conn.callTool('trigger-long-running-operation', { duration: 30, steps: 30 }, {
      signal: controller.signal,
      onprogress: () => controller.abort(new Error('caller went away')),
    });
    await expect(call).rejects.toThrow('caller went away');
    expect(text(await conn.callTool('echo', { message: 'after cancel' }))).toContain('after cancel');
  });
});

describe('an HTTP upstream dying during a call', () => {
  it('fails the call in flight with a clear error and the next call says it is unreachable', async () => {
    const everything = await startEverything('streamableHttp');
    const conn = createUpstreamConnection({ transport: 'streamable_http', url: everything.url }, { gatewayId: 'gw-dies', logger });
    try {
      let killed: Promise<void> | undefined;
      const call = conn.callTool('trigger-long-running-operation', { duration: 30, steps: 30 }, {
        onprogress: () => void (killed ??= everything.stop()),
      });
      const err = await call.catch((e: unknown) => e);
      await killed;
      expect(err).toMatchObject({ code: 'UPSTREAM_DISCONNECTED', message: expect.stringContaining('closed the connection during tools/call') });
      await expect(conn.callTool('echo', { message: 'x' })).rejects.toMatchObject({
        code: 'UPSTREAM_UNREACHABLE',
        message: expect.stringContaining('connection refused'),
      });
    } finally {
      await conn.close();
      await everything.stop();
    }
  });
});

describe('upstream auth headers', () => {
  let host: HostedServer;
  beforeAll(async () => {
    host = await hostOverHttp(() => createCountingServer({ initializes: 0 }));
  });
  afterAll(() => host.close());

  /** Headers the SDK and fetch send on their own; anything else must come from the configured auth. */
  const PROTOCOL_HEADERS = new Set([
    'host',
    'connection',
    'content-type',
    'content-length',
    'accept',
    'accept-encoding',
    'accept-language',
    'user-agent',
    'sec-fetch-mode',
    'mcp-session-id',
    'mcp-protocol-version',
    'last-event-id',
    'cache-control',
  ]);

  async function headersSentWith(auth: UpstreamAuth) {
    host.requests.length = 0;
    const conn = createUpstreamConnection({ transport: 'streamable_http', url: host.url, auth }, { gatewayId: 'gw-auth', logger });
    await conn.discover();
    await conn.callTool('echo', { text: 'x' });
    await conn.close();
    expect(host.requests.length).toBeGreaterThanOrEqual(3);
    return host.requests.map((r) => r.headers);
  }

  const extra = (headers: Record<string, unknown>) => Object.keys(headers).filter((h) => !PROTOCOL_HEADERS.has(h));

  it('bearer: Authorization on every request and nothing else', async () => {
    for (const h of await headersSentWith({ type: 'bearer', token: 'upstream-token' })) {
      expect(h.authorization).toBe('Bearer upstream-token');
      expect(extra(h)).toEqual(['authorization']);
    }
  });

  it('basic: Authorization with the encoded pair on every request', async () => {
    const expected = `Basic ${Buffer.from('svc:p@ss word').toString('base64')}`;
    for (const h of await headersSentWith({ type: 'basic', username: 'svc', password: 'p@ss word' })) {
      expect(h.authorization).toBe(expected);
      expect(extra(h)).toEqual(['authorization']);
    }
  });

  it('custom headers on every request', async () => {
    for (const h of await headersSentWith({ type: 'headers', headers: { 'X-Api-Key': 'k-123', 'X-Tenant': 'acme' } })) {
      expect(h).toMatchObject({ 'x-api-key': 'k-123', 'x-tenant': 'acme' });
      expect(extra(h).sort()).toEqual(['x-api-key', 'x-tenant']);
    }
  });

  it('none: no credential of any kind', async () => {
    for (const h of await headersSentWith({ type: 'none' })) expect(extra(h)).toEqual([]);
  });

  it('refuses header names and values that would break or smuggle requests', async () => {
    const unsafe: Record<string, string>[] = [{ 'Bad Name': 'x' }, { 'X-Ok': 'line\r\nInjected: yes' }];
    for (const headers of unsafe) {
      const conn = createUpstreamConnection({ transport: 'streamable_http', url: host.url, auth: { type: 'headers', headers } }, { gatewayId: 'g', logger });
      await expect(conn.connect()).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.not.stringContaining('Injected') });
      await conn.close();
    }
  });
});
