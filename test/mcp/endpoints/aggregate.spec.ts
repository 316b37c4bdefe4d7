import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createBundleServer } from '../../fixtures/bundle-server.js';
import { qualifiedUri } from '../../../api/mcp/endpoints/scope.js';
import { connectClient, startMcpApp, type McpTestApp, type Transport } from './support.js';

const meta = { actor: 'test' };
const SHARED = 'file:///shared.txt';

/**
 * /mcp: everything the caller may see, under catalog names. Three upstreams offer the same names and the
 * same resource URI; the member sees two of them (the third is team-visible in a team they are not in).
 */
describe('the /mcp aggregate endpoint', () => {
  let t: McpTestApp;
  let hosts: HostedServer[];
  let alpha: string, beta: string, hidden: string;
  let memberToken: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startMcpApp();
    hosts = await Promise.all(['alpha', 'beta', 'hidden'].map((label) => hostOverHttp(() => createBundleServer(label))));
    const admin = await t.principal('admin@example.com');
    memberToken = await t.user('member@example.com');
    const team = await t.services.teams.createTeam(admin, meta, { name: 'Tools' });
    const invite = await t.services.teams.inviteMember(admin, meta, team, 'member@example.com', 'team_member');
    await t.services.teams.answerInvitation(await t.principal('member@example.com'), meta, invite.token, true);
    const elsewhere = await t.services.teams.createTeam(admin, meta, { name: 'Elsewhere' });
    alpha = await t.services.gateways.registerGateway(admin, meta, { name: 'Alpha', transport: 'streamable_http', url: hosts[0].url, teamId: team, visibility: 'public' });
    beta = await t.services.gateways.registerGateway(admin, meta, { name: 'Beta', transport: 'streamable_http', url: hosts[1].url, teamId: team, visibility: 'team' });
    hidden = await t.services.gateways.registerGateway(admin, meta, { name: 'Hidden', transport: 'streamable_http', url: hosts[2].url, teamId: elsewhere, visibility: 'team' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await t?.stop();
    await Promise.all((hosts ?? []).map((h) => h.close()));
  });

  describe.each(['mcp', 'sse'] as const)('over %s', (transport: Transport) => {
    const connect = async () => {
      const c = await connectClient(t.base, transport === 'mcp' ? '/mcp' : '/sse', memberToken, { transport });
      clients.push(c);
      return c;
    };

    it('lists every tool, prompt and resource the caller may see, and nothing else', async () => {
      const c = await connect();
      expect((await c.listTools()).tools.map((x) => x.name)).toEqual(['alpha-echo', 'alpha-fail', 'beta-echo', 'beta-fail']);
      expect((await c.listPrompts()).prompts.map((x) => x.name)).toEqual(['alpha-greet', 'beta-greet']);
      expect((await c.callTool({ name: 'beta-echo', arguments: { text: 'hi' } })).content).toEqual([{ type: 'text', text: 'beta:hi' }]);
      await expect(c.callTool({ name: 'hidden-echo', arguments: { text: 'hi' } })).rejects.toThrow(/Unknown tool: hidden-echo/);
    });

    it('shows a resource URI two visible upstreams share gateway-qualified, and maps it back on read', async () => {
      const c = await connect();
      const uris = (await c.listResources()).resources.map((r) => r.uri).sort();
      expect(uris).toEqual([qualifiedUri(alpha, SHARED), qualifiedUri(beta, SHARED)].sort());
      for (const [gatewayId, label] of [[alpha, 'alpha'], [beta, 'beta']]) {
        const uri = qualifiedUri(gatewayId, SHARED);
        expect((await c.readResource({ uri })).contents).toEqual([{ uri, text: `shared from ${label}` }]);
      }
      // The bare URI is ambiguous to this caller, and a hidden upstream's qualified one does not exist.
      await expect(c.readResource({ uri: SHARED })).rejects.toThrow(/not found/);
      await expect(c.readResource({ uri: qualifiedUri(hidden, SHARED) })).rejects.toThrow(/not found/);
    });
  });

  it('keeps a URI only one visible upstream offers as it is', async () => {
    const soloToken = await t.user('solo@example.com');
    const c = await connectClient(t.base, '/mcp', soloToken);
    clients.push(c);
    // Only Alpha is public: for this user the URI is not shared, so it is not rewritten.
    expect((await c.listResources()).resources.map((r) => r.uri)).toEqual([SHARED]);
    expect((await c.readResource({ uri: SHARED })).contents).toEqual([{ uri: SHARED, text: 'shared from alpha' }]);
  });
});
