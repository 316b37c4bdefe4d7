import { EventEmitter, once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createPatientServer, WATCHED_URI, type Watcher } from '../../fixtures/patient-server.js';
import { createChangingServer } from '../../fixtures/changing-server.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';
import { connectClient, startMcpApp, type McpTestApp } from './support.js';

const meta = { actor: 'test' };
const text = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

/** Upstreams that die, stall or change under a connected client, driven through /mcp by the SDK client. */
describe('faults, cancellation and notifications through the gateway', () => {
  let t: McpTestApp;
  let patient: HostedServer, changing: HostedServer;
  const watcher: Watcher = new EventEmitter();
  let crashGateway: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startMcpApp();
    [patient, changing] = await Promise.all([hostOverHttp(() => createPatientServer(watcher)), hostOverHttp(createChangingServer)]);
    const admin = await t.principal('admin@example.com');
    await t.services.gateways.registerGateway(admin, meta, { name: 'Patient', transport: 'streamable_http', url: patient.url, visibility: 'public' });
    await t.services.gateways.registerGateway(admin, meta, { name: 'Changing', transport: 'streamable_http', url: changing.url, visibility: 'public' });
    crashGateway = await t.services.gateways.registerGateway(admin, meta, { name: 'Crash', transport: 'stdio', ...stdioFixture('crashing-server'), visibility: 'public' });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await t?.stop();
    await Promise.all([patient, changing].map((s) => s?.close()));
  });

  const connect = async () => {
    const c = await connectClient(t.base, '/mcp', t.adminToken);
    clients.push(c);
    return c;
  };

  it('a stdio upstream killed mid-call gives a clear tool error; the gateway stays up and the call after the restart reaches a new process', async () => {
    const c = await connect();
    const before = text(await c.callTool({ name: 'crash-pid', arguments: {} }));
    const connection = t.services.gatewayManager.connection(crashGateway)!;
    const restarted = new Promise<void>((resolve) => {
      const stop = connection.subscribe((e) => {
        if (e.type === 'connected' && e.reconnect) {
          stop();
          resolve();
        }
      });
    });
    const crashed = await c.callTool({ name: 'crash-crash', arguments: {} });
    expect(crashed).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^Tool "crash-crash" failed: .*(closed|exited|disconnect)/i) }] });
    expect((await t.fetch('/health')).status).toBe(200);
    await restarted;
    const after = text(await c.callTool({ name: 'crash-pid', arguments: {} }));
    expect(after).toMatch(/^\d+$/);
    expect(after).not.toBe(before);
  }, 30_000);

  it('a Streamable HTTP upstream killed mid-call gives a clear tool error, and the next call reconnects to it once it is back', async () => {
    const c = await connect();
    const { port } = new URL(patient.url);
    const started = once(watcher, 'started');
    const call = c.callTool({ name: 'patient-wait', arguments: { label: 'killed', ms: 60_000 } });
    await started;
    await patient.kill();
    expect(await call).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^Tool "patient-wait" failed: /) }] });
    expect((await t.fetch('/health')).status).toBe(200);
    patient = await hostOverHttp(() => createPatientServer(watcher), '/mcp', { port: Number(port) });
    expect(await c.callTool({ name: 'patient-wait', arguments: { label: 'back', ms: 0 } })).toEqual({ content: [{ type: 'text', text: 'waited back' }] });
  }, 30_000);

  it('a client that cancels its call cancels it upstream too', async () => {
    const c = await connect();
    const controller = new AbortController();
    const started = once(watcher, 'started');
    const cancelled = once(watcher, 'cancelled') as Promise<[string, unknown]>;
    const call = c.callTool({ name: 'patient-wait', arguments: { label: 'stop-me', ms: 60_000 } }, undefined, { signal: controller.signal });
    expect(await started).toEqual(['stop-me']);
    controller.abort('the user pressed stop');
    await expect(call).rejects.toThrow();
    // The downstream reason, carried by notifications/cancelled over both hops.
    expect(await cancelled).toEqual(['stop-me', 'the user pressed stop']);
    expect(await c.callTool({ name: 'patient-wait', arguments: { label: 'still-fine', ms: 0 } })).toEqual({ content: [{ type: 'text', text: 'waited still-fine' }] });
  });

  it('delivers resources/updated to a client that subscribed, under the URI it knows', async () => {
    const c = await connect();
    const updated = new Promise<string>((resolve) => c.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
    await c.subscribeResource({ uri: WATCHED_URI });
    expect(text(await c.callTool({ name: 'patient-touch', arguments: {} }))).toBe('touched 1');
    expect(await updated).toBe(WATCHED_URI);
  });

  it('tells connected clients tools/list_changed when the catalog changes, and lists the new tool', async () => {
    const c = await connect();
    const changed = new Promise<void>((resolve) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    expect((await c.listTools()).tools.map((x) => x.name)).not.toContain('changing-fresh');
    // Through the pooled session the catalog sync listens on: its list_changed makes the gateway re-sync.
    await c.callTool({ name: 'changing-add-tool', arguments: { name: 'fresh' } });
    await changed;
    expect((await c.listTools()).tools.map((x) => x.name)).toContain('changing-fresh');
  });
});

describe('an upstream slower than TOOL_TIMEOUT', () => {
  let t: McpTestApp;
  let patient: HostedServer;
  const watcher: Watcher = new EventEmitter();

  beforeAll(async () => {
    t = await startMcpApp({ TOOL_TIMEOUT: '2' });
    patient = await hostOverHttp(() => createPatientServer(watcher));
    await t.services.gateways.registerGateway(await t.principal('admin@example.com'), meta, { name: 'Slow', transport: 'streamable_http', url: patient.url, visibility: 'public' });
  });
  afterAll(async () => {
    await t?.stop();
    await patient?.close();
  });

  it('answers a tool error naming the timeout, cancels the call upstream, and serves the next call', async () => {
    const c = await connectClient(t.base, '/mcp', t.adminToken);
    const cancelled = once(watcher, 'cancelled') as Promise<[string, unknown]>;
    const result = await c.callTool({ name: 'slow-wait', arguments: { label: 'too-slow', ms: 60_000 } });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^Tool "slow-wait" failed: .* did not answer tools\/call within 2 s$/) }] });
    const [label, reason] = await cancelled;
    expect(label).toBe('too-slow');
    expect(String(reason)).toMatch(/timed out/i);
    expect(await c.callTool({ name: 'slow-wait', arguments: { label: 'quick', ms: 0 } })).toEqual({ content: [{ type: 'text', text: 'waited quick' }] });
    await c.close();
  }, 20_000);
});
