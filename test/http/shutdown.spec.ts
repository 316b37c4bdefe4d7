import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMain, type RunningMain } from '../support/main-process.js';
import { DEFAULT_ADMIN } from '../support/auth.js';

/**
 * Opens a chunked GraphQL POST and resolves once the server has read its headers: `Expect: 100-continue`
 * makes the server say so, which proves the request is in flight there, not waiting in a backlog.
 */
async function openUpload(base: string): Promise<{ req: ClientRequest; response: Promise<IncomingMessage> }> {
  const url = new URL('/graphql', base);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', expect: '100-continue' },
  });
  // `on`, not `once`: a socket the server resets may report more than one error, and each must land here
  // rather than as an unhandled 'error' event.
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.on('error', reject);
  });
  response.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    req.on('error', reject);
    req.flushHeaders();
  });
  req.write('{"query":');
  return { req, response };
}

function waitForLog(server: RunningMain, msg: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (server.logs.some((l) => l.msg === msg) ? resolve() : setTimeout(check, 20));
    check();
  });
}

function connectError(base: string): Promise<string | null> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function readBody(res: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of res) body += chunk;
  return body;
}

/** GET /sse with a Bearer token; resolves once the stream's first bytes (the endpoint event) arrived. */
function openSse(base: string, token: string): Promise<IncomingMessage> {
  const url = new URL('/sse', base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    req.on('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /sse answered ${res.statusCode}`));
      res.pause();
      res.once('readable', () => resolve(res));
    });
    req.end();
  });
}

describe('graceful shutdown (npm start as a child process)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-shutdown-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s stops accepting, finishes the request in flight, then exits 0', async (signal) => {
    const server = await startMain({}, cwd);
    const { req, response } = await openUpload(server.url);

    server.child.kill(signal);
    await waitForLog(server, 'shutting down: draining requests');
    expect(await connectError(server.url)).toBe('ECONNREFUSED');

    req.end('"{ __typename }"}');
    const res = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(await readBody(res))).toEqual({ data: { __typename: 'Query' } });

    expect(await server.exited).toBe(0);
    expect(server.logs.map((l) => l.msg)).toContain('stopped');
  });

  it('ends a live MCP SSE stream cleanly at once instead of letting it hold the drain window, then exits 0', async () => {
    const server = await startMain({}, cwd);
    const login = await fetch(`${server.url}/auth/email/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEFAULT_ADMIN) });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const stream = await openSse(server.url, token);
    const ended = readBody(stream);

    server.child.kill('SIGTERM');
    // Ended by the server, not reset after the 10 s window: the body finishes without an error.
    const body = await ended;
    expect(body).toMatch(/^event: endpoint\ndata: \/message\?session_id=/);
    expect(await server.exited).toBe(0);
    const order = server.logs.map((l) => l.msg);
    expect(order).toContain('MCP session ended');
    expect(server.logs.find((l) => l.msg === 'MCP session ended')).toMatchObject({ reason: 'shutting down' });
    expect(order.indexOf('MCP session ended')).toBeLessThan(order.indexOf('stopped'));
  }, 30_000);

  it('closes a request still open after the 10 s drain window and exits 0', async () => {
    const server = await startMain({}, cwd);
    const { response } = await openUpload(server.url);
    server.child.kill('SIGTERM');
    // The upload never finishes: the server must not wait for it forever.
    await expect(response).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(await server.exited).toBe(0);
  }, 30_000);
});
