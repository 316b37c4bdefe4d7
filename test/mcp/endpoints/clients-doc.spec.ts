import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { pageRequest } from '../../../api/graphql/paging.js';
import { DEFAULT_ADMIN } from '../../support/auth.js';
import { startMcpApp, type McpTestApp } from './support.js';

const DOC = readFileSync(new URL('../../../docs/clients.md', import.meta.url), 'utf8');
/** Every ```sh block of docs/clients.md, in order. */
const shellBlocks = [...DOC.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The doc's curl commands, run in order in one shell against a live server on a free port. */
describe('docs/clients.md', () => {
  let t: McpTestApp;
  let upstream: HostedServer;

  beforeAll(async () => {
    t = await startMcpApp();
    upstream = await hostOverHttp(() => createBundleServer('doc'));
    const admin = await t.principal(DEFAULT_ADMIN.email);
    const gatewayId = await t.services.gateways.registerGateway(admin, { actor: 'test' }, { name: 'Doc', transport: 'streamable_http', url: upstream.url, visibility: 'public' });
    const echo = (await t.services.catalogQueries.items('tools', admin, { gatewayId }, pageRequest(50, null))).items.find((i) => i.upstreamName === 'echo')!;
    await t.services.servers.createServer(admin, { actor: 'test' }, { id: 'doc-server', name: 'Doc', visibility: 'public', members: [{ kind: 'tools', itemId: echo.id }] });
  });
  afterAll(async () => {
    await t?.stop();
    await upstream?.close();
  });

  // The server runs in this process: the shell must run asynchronously.
  it('has its commands run: sign-in, initialize with the session header, tools/list, tools/call, DELETE, and /rpc', async () => {
    expect(shellBlocks).toHaveLength(5);
    const script = ['set -e', ...shellBlocks.map((b, i) => `${b}\necho "@@block ${i}"`)].join('\n');
    const { stdout: out } = await promisify(execFile)('bash', ['-c', script], {
      env: { PATH: process.env.PATH ?? '', BASE: t.base, EMAIL: DEFAULT_ADMIN.email, PASSWORD: DEFAULT_ADMIN.password, SERVER: 'doc-server', TOOL: 'doc-echo' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const [, initialize, session, end, rpc] = out.split(/@@block \d\n?/);
    expect(initialize).toBe('');
    expect(session).toContain('"name":"doc-echo"');
    expect(session).toContain('"text":"doc:hello"');
    expect(end).toBe('');
    const [list, call] = rpc.replace('}{', '}\n{').split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(list).toMatchObject({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'doc-echo', description: 'Echoes its text' }] } });
    expect(call).toEqual({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'doc:hello' }] } });
  });
});
