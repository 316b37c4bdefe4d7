import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { DEFAULT_ADMIN, FAST_ARGON2, bearer, createSignedInUser, graphql, login } from '../../support/auth.js';
import { startEverything, type RunningEverything } from '../../fixtures/everything.js';
import { hostOverHttp, type HostedServer } from '../../fixtures/http-host.js';
import { createCountingServer } from '../../fixtures/counting-server.js';
import { stdioFixture } from '../../fixtures/run-stdio.js';

const TOKEN = 'Upstream-Bearer-Canary-31d9';
const GATEWAY_FIELDS = 'id name slug transport url authType hasCredentials enabled reachable lastError lastErrorAt serverName visibility tags';

describe('gateways and catalog through GraphQL', () => {
  let t: TestApp;
  let everything: RunningEverything;
  let counting: HostedServer;
  let admin: string, user: string;
  const seen: string[] = [];
  const gql = async <T = any>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const r = await graphql<T>(t, query, variables, token ? bearer(token) : {});
    seen.push(JSON.stringify(r));
    return r;
  };

  beforeAll(async () => {
    [everything, counting] = await Promise.all([startEverything('streamableHttp'), hostOverHttp(() => createCountingServer({ initializes: 0 }))]);
    t = await startTestApp({ ...FAST_ARGON2, UNHEALTHY_THRESHOLD: '1', LOG_LEVEL: 'trace' });
    admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    user = await createSignedInUser(t, admin, 'builder@example.com');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([everything?.stop(), counting?.close()]);
  });

  it('registers server-everything over Streamable HTTP with a bearer credential it never returns', async () => {
    const r = await gql(
      `mutation($url: String!, $token: String!) { registerGateway(name: "Everything", transport: streamable_http, url: $url, auth: { type: bearer, token: $token }, tags: ["Reference"]) { ${GATEWAY_FIELDS} } }`,
      { url: everything.url, token: TOKEN },
      user,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.registerGateway).toMatchObject({ slug: 'everything', transport: 'streamable_http', authType: 'bearer', hasCredentials: true, reachable: true, visibility: 'private', tags: ['reference'] });
    const tools = await gql('query($g: ID!) { tools(gateway: $g, search: "echo") { items { id name upstreamName title inputSchema status enabled reachable } } }', { g: r.data.registerGateway.id }, user);
    expect(tools.data.tools.items).toContainEqual(expect.objectContaining({ name: 'everything-echo', upstreamName: 'echo', status: 'active', inputSchema: expect.objectContaining({ type: 'object' }) }));
    const kinds = await gql('query($g: ID!) { resources(gateway: $g, first: 1) { items { uri mimeType } } resourceTemplates(gateway: $g) { items { uriTemplate } } prompts(gateway: $g) { items { name arguments } } }', { g: r.data.registerGateway.id }, user);
    expect(kinds.errors).toBeUndefined();
    expect(kinds.data.resources.items).toHaveLength(1);
    expect(kinds.data.prompts.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(TOKEN);
    expect(JSON.stringify(t.logs)).not.toContain(TOKEN);
  });

  it('answers with clear error codes: unauthenticated, stdio for non-admins, unreachable upstream', async () => {
    expect((await gql('{ gateways { items { id } } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const { command, args } = stdioFixture('crashing-server');
    const stdio = await gql('mutation($c: String!, $a: [String!]) { registerGateway(name: "Local", transport: stdio, command: $c, args: $a) { id } }', { c: command, a: args }, user);
    expect(stdio.errors?.[0]).toMatchObject({ message: expect.stringContaining('Only platform administrators'), extensions: { code: 'FORBIDDEN' } });
    const down = await gql('mutation { registerGateway(name: "Gone", transport: sse, url: "http://127.0.0.1:9/sse") { id } }', {}, user);
    expect(down.errors?.[0].extensions?.code).toMatch(/^UPSTREAM_UNREACHABLE$/);
    expect((await gql('{ gateways { items { name } } }', {}, user)).data.gateways.items.map((g: { name: string }) => g.name)).toEqual(['Everything']);
  });

  it('shows health transitions with the last error and its time', async () => {
    const r = await gql('mutation($url: String!) { registerGateway(name: "Counter", transport: streamable_http, url: $url, visibility: public) { id } }', { url: counting.url }, user);
    const id = r.data.registerGateway.id as string;
    counting.setDown(true);
    await t.services.gatewayManager.checkHealth(id);
    const down = await gql(`query($id: ID!) { gateway(id: $id) { ${GATEWAY_FIELDS} } tools(gateway: $id) { items { name reachable } } }`, { id }, admin);
    expect(down.data.gateway).toMatchObject({ reachable: false, lastError: expect.stringContaining('503'), lastErrorAt: expect.stringMatching(/^\d{4}-/) });
    expect(down.data.tools.items.every((i: { reachable: boolean }) => !i.reachable)).toBe(true);
    counting.setDown(false);
    await t.services.gatewayManager.checkHealth(id);
    expect((await gql('query($id: ID!) { gateway(id: $id) { reachable lastError } }', { id }, user)).data.gateway).toMatchObject({ reachable: true, lastError: expect.stringContaining('503') });
  });

  it('updates, disables and refreshes tools and gateways, then deletes', async () => {
    const list = await gql('{ tools(search: "counter-echo") { items { id name } } gateways(search: "counter") { items { id } } }', {}, user);
    const toolId = list.data.tools.items[0].id as string;
    const gatewayId = list.data.gateways.items[0].id as string;
    const updated = await gql('mutation($id: ID!) { updateTool(id: $id, displayName: "Echo", description: "Says it back", tags: ["util"]) { displayName description upstreamDescription tags } }', { id: toolId }, user);
    expect(updated.data.updateTool).toMatchObject({ displayName: 'Echo', description: 'Says it back', tags: ['util'] });
    expect((await gql('mutation($id: ID!) { setToolEnabled(id: $id, enabled: false) { enabled } }', { id: toolId }, user)).data.setToolEnabled.enabled).toBe(false);
    expect((await gql('mutation($id: ID!) { refreshGateway(id: $id) { added changed missing restored } }', { id: gatewayId }, user)).data.refreshGateway).toEqual({ added: 0, changed: 0, missing: 0, restored: 0 });
    const renamed = await gql('mutation($id: ID!) { updateGateway(id: $id, name: "Tally") { slug } }', { id: gatewayId }, user);
    expect(renamed.data.updateGateway.slug).toBe('tally');
    expect((await gql('query($id: ID!) { tool(id: $id) { name displayName enabled } }', { id: toolId }, user)).data.tool).toEqual({ name: 'tally-echo', displayName: 'Echo', enabled: false });
    // Another user sees the public gateway but may not change it.
    const other = await createSignedInUser(t, admin, 'other@example.com');
    expect((await gql('mutation($id: ID!) { deleteGateway(id: $id) }', { id: gatewayId }, other)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql('mutation($id: ID!) { deleteGateway(id: $id) }', { id: gatewayId }, user)).data.deleteGateway).toBe(true);
    expect((await gql('query($id: ID!) { tool(id: $id) { id } }', { id: toolId }, user)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
