import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { connectUpstream } from '../../../api/mcp/upstream/connect.js';
import { isUpstreamError } from '../../../api/mcp/upstream/errors.js';
import type { UpstreamSpec } from '../../../api/mcp/upstream/spec.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createCountingServer } from '../../fixtures/counting-server.js';
import {
  REFUSAL,
  startPlainHttpServer,
  startRefusingServer,
  startSilentServer,
  type RunningServer,
} from '../../fixtures/broken-upstreams.js';

async function failure(spec: UpstreamSpec, timeoutMs?: number) {
  const err = await connectUpstream(spec, { timeoutMs }).then(
    (s) => s.close().then(() => new Error('connected')),
    (e: unknown) => e,
  );
  return { code: (err as { code?: string }).code, message: (err as Error).message, status: (err as { status?: number }).status };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connecting to an upstream', () => {
  let mcp: HostedServer;
  let plain: RunningServer;
  let refusing: RunningServer;
  let silent: RunningServer;

  beforeAll(async () => {
    [mcp, plain, refusing, silent] = await Promise.all([
      hostOverHttp(() => createCountingServer({ initializes: 0 })),
      startPlainHttpServer(),
      startRefusingServer(),
      startSilentServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mcp.close(), plain.close(), refusing.close(), silent.close()]);
  });

  it('initializes as "switchboard" declaring sampling, elicitation and roots', async () => {
    const seen: unknown[] = [];
    const observing = await hostOverHttp(() => {
      const server = createCountingServer({ initializes: 0 });
      server.server.oninitialized = () => seen.push({ client: server.server.getClientVersion(), capabilities: server.server.getClientCapabilities() });
      return server;
    });
    const session = await connectUpstream({ transport: 'streamable_http', url: observing.url });
    try {
      expect(seen).toEqual([
        {
          client: { name: 'switchboard', version: expect.any(String) },
          capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } },
        },
      ]);
      expect(session.server.name).toBe('counting-fixture');
      expect(session.capabilities.tools).toBeDefined();
      expect(session.client.getServerCapabilities()).toEqual(session.capabilities);
    } finally {
      await session.close();
      await observing.close();
    }
    expect(session.isClosed()).toBe(true);
  });

  it('a path that is not the MCP endpoint says the URL is wrong', async () => {
    const result = await failure({ transport: 'streamable_http', url: mcp.url.replace('/mcp', '/wrong') });
    expect(result.code).toBe('UPSTREAM_NOT_MCP');
    expect(result.status).toBe(502);
    expect(result.message).toContain('HTTP 404');
    expect(result.message).toContain("check that the URL is the server's MCP endpoint");
  });

  it('a port nobody listens on is unreachable', async () => {
    const port = await closedPort();
    for (const transport of ['streamable_http', 'sse'] as const) {
      const result = await failure({ transport, url: `http://127.0.0.1:${port}/mcp` });
      expect(result.code).toBe('UPSTREAM_UNREACHABLE');
      expect(result.message).toContain('connection refused');
    }
  });

  it('an ordinary web server is reported as not MCP', async () => {
    for (const transport of ['streamable_http', 'sse'] as const) {
      const result = await failure({ transport, url: plain.url });
      expect(result.code).toBe('UPSTREAM_NOT_MCP');
      expect(result.message).toContain('non-MCP content type');
    }
  });

  it('an initialize answered with an error is a failed handshake, with the upstream message', async () => {
    const result = await failure({ transport: 'streamable_http', url: refusing.url });
    expect(result.code).toBe('UPSTREAM_HANDSHAKE_FAILED');
    expect(result.message).toContain(REFUSAL);
  });

  it('an upstream that never answers times out with GATEWAY_VALIDATION_TIMEOUT', async () => {
    const result = await failure({ transport: 'streamable_http', url: silent.url }, 300);
    expect(result.code).toBe('UPSTREAM_TIMEOUT');
    expect(result.status).toBe(504);
    expect(result.message).toContain('did not complete the MCP handshake within 0.3 s');
  });

  it('a stdio command that does not exist, or exits at once, says so', async () => {
    const missing = await failure({ transport: 'stdio', command: '/nonexistent/switchboard-upstream' });
    expect(missing).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', message: expect.stringContaining('command not found') });
    const exits = await failure({ transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'] });
    expect(exits).toMatchObject({ code: 'UPSTREAM_HANDSHAKE_FAILED', message: expect.stringContaining('before completing the MCP handshake') });
  });

  it('refuses malformed specs before connecting', async () => {
    await expect(connectUpstream({ transport: 'streamable_http', url: 'not a url' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(connectUpstream({ transport: 'sse', url: 'ftp://127.0.0.1/x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(connectUpstream({ transport: 'streamable_http', url: 'http://user:pw@127.0.0.1/mcp' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.not.stringContaining('pw'),
    });
  });

  it('errors are UpstreamErrors that never carry the credentials', async () => {
    const port = await closedPort();
    const err = await connectUpstream({
      transport: 'streamable_http',
      url: `http://127.0.0.1:${port}/mcp?key=secret-in-query`,
      auth: { type: 'bearer', token: 'secret-token' },
    }).catch((e: unknown) => e);
    expect(isUpstreamError(err)).toBe(true);
    expect((err as Error).message).not.toMatch(/secret/);
  });
});
