import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { bearer, graphql, login, postJson } from '../support/auth.js';
import { exportEvents } from '../../events/export/export.js';
import { hostOverHttp, type HostedServer } from '../fixtures/http-host.js';
import { createCountingServer } from '../fixtures/counting-server.js';
import { stdioFixture } from '../fixtures/run-stdio.js';

/**
 * Recognisable secrets go through every flow of the real HTTP stack; none may come back out anywhere a
 * person or a file could read it. Other issues add their secrets and flows here.
 */
const CANARIES = {
  adminPassword: 'Canary-Admin-Pw-7f3a91',
  userPassword: 'Canary-User-Pw-1b2c83',
  newPassword: 'Canary-New-Pw-4d5e65',
  createdPassword: 'Canary-Created-Pw-9a8b77',
  wrongPassword: 'Canary-Wrong-Pw-3c4d55',
  jwtSecret: 'canary-jwt-secret-9d2e41',
  upstreamBearer: 'canary-upstream-bearer-5e7f20',
  stdioEnvSecret: 'canary-stdio-env-secret-a4b611',
  ssoEnvSecret: 'canary-sso-env-secret-6c1d92',
  ssoCreatedSecret: 'canary-sso-created-secret-3e8f47',
  ssoUpdatedSecret: 'canary-sso-updated-secret-b2a5c8',
};

describe('secrets canary', () => {
  let t: TestApp;
  let upstream: HostedServer;
  const seen: string[] = [];
  /** Secrets minted while the test runs: the session token an MCP client used, and its signature alone. */
  const minted: Record<string, string> = {};
  let upstreamRequestsDuringMcp = 0;
  /** Every response body this test received. */
  async function record(res: Response): Promise<Response> {
    const text = await res.clone().text();
    seen.push(text, JSON.stringify([...res.headers].filter(([name]) => name !== 'set-cookie')));
    return res;
  }
  const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const result = await graphql(t, query, variables, token ? bearer(token) : {});
    seen.push(JSON.stringify(result));
    return result;
  };

  beforeAll(async () => {
    t = await startTestApp({
      PLATFORM_ADMIN_PASSWORD: CANARIES.adminPassword,
      JWT_SECRET_KEY: CANARIES.jwtSecret,
      PUBLIC_REGISTRATION_ENABLED: 'true',
      MAX_FAILED_LOGIN_ATTEMPTS: '2',
      LOG_LEVEL: 'trace',
      SSO_ENABLED: 'true',
      SSO_OKTA_ENABLED: 'true',
      SSO_OKTA_CLIENT_ID: 'okta-client',
      SSO_OKTA_CLIENT_SECRET: CANARIES.ssoEnvSecret,
      // Nothing listens there: the sign-in fails at discovery, which must not log the secret either.
      SSO_OKTA_ISSUER: 'http://127.0.0.1:9',
    });
    // Registration, sign-in (right and wrong), lockout, password change, admin flows, logout.
    await record(await postJson(t, '/auth/email/register', { email: 'canary@example.com', password: CANARIES.userPassword, full_name: 'Canary' }));
    await record(await postJson(t, '/auth/email/login', { email: 'canary@example.com', password: CANARIES.wrongPassword }));
    const userToken = await login(t, 'canary@example.com', CANARIES.userPassword);
    const changed = await record(await postJson(t, '/auth/email/change-password', { old_password: CANARIES.userPassword, new_password: CANARIES.newPassword }, bearer(userToken)));
    const fresh = ((await changed.json()) as { access_token: string }).access_token;
    await record(await postJson(t, '/auth/email/change-password', { old_password: CANARIES.wrongPassword, new_password: CANARIES.newPassword }, bearer(fresh)));
    await record(await t.fetch('/auth/email/me', { headers: bearer(fresh) }));
    const admin = ((await gql('mutation($p: String!) { login(email: "admin@example.com", password: $p) { accessToken user { email } } }', { p: CANARIES.adminPassword })).data as {
      login: { accessToken: string };
    }).login.accessToken;
    await gql('mutation($p: String!) { createUser(input: { email: "made@example.com", password: $p, fullName: "Made" }) { id email } }', { p: CANARIES.createdPassword }, admin);
    await gql('mutation($p: String!) { createUser(input: { email: "made@example.com", password: $p }) { id } }', { p: CANARIES.createdPassword }, admin);
    await gql('mutation($p: String!) { register(email: "weak@example.com", password: $p) { id } }', { p: 'x' }, undefined);
    // Malformed input: graphql-js would print the whole variable, password included, in its error.
    await gql('mutation($input: NewUserInput!) { createUser(input: $input) { id } }', { input: { password: CANARIES.createdPassword, unknownField: 1 } }, admin);
    for (let i = 0; i < 3; i++) await gql('mutation($p: String!) { login(email: "made@example.com", password: $p) { accessToken } }', { p: CANARIES.wrongPassword });
    await gql('mutation($p: String!) { login(email: "made@example.com", password: $p) { accessToken } }', { p: CANARIES.createdPassword });
    await gql('mutation { unlockUser(email: "made@example.com") { id } }', {}, admin);
    await gql('mutation { setUserActive(email: "made@example.com", active: false) { id } }', {}, admin);
    await gql('mutation { revokeUserSessions(email: "canary@example.com") { id } }', {}, admin);
    await gql('{ users { items { id email fullName isPlatformAdmin source lockedUntil } } }', {}, admin);
    await gql('{ authEvents(email: "canary@example.com") { type data actor } authEvents2: authEvents(email: "admin@example.com") { type data } }', {}, admin);
    // Gateways: an upstream bearer token and a stdio child's env value, registered, changed, listed.
    upstream = await hostOverHttp(() => createCountingServer({ initializes: 0 }));
    const http = await gql('mutation($u: String!, $tok: String!) { registerGateway(name: "Canary HTTP", transport: streamable_http, url: $u, auth: { type: bearer, token: $tok }) { id authType hasCredentials } }', { u: upstream.url, tok: CANARIES.upstreamBearer }, admin);
    const stdio = stdioFixture('crashing-server');
    await gql('mutation($c: String!, $a: [String!], $env: JSON) { registerGateway(name: "Canary stdio", transport: stdio, command: $c, args: $a, env: $env) { id } }', { c: stdio.command, a: stdio.args, env: { CANARY_SECRET: CANARIES.stdioEnvSecret } }, admin);
    await gql('mutation($id: ID!, $tok: String!) { updateGateway(id: $id, auth: { type: bearer, token: $tok }) { id } }', { id: (http.data as { registerGateway: { id: string } }).registerGateway.id, tok: CANARIES.upstreamBearer }, admin);
    await gql('{ gateways { items { id name url command args authType hasCredentials } } }', {}, admin);
    // MCP: a session token used on a virtual server's endpoints (and a tampered copy of it) reaches no
    // upstream, log, response or table; the upstream sees only its own credential.
    const mcpToken = await login(t, 'admin@example.com', CANARIES.adminPassword);
    Object.assign(minted, { mcpToken, mcpTokenSignature: mcpToken.split('.')[2] });
    const tools = await gql('query($g: ID!) { tools(gateway: $g, first: 10) { items { id name upstreamName } } }', { g: (http.data as { registerGateway: { id: string } }).registerGateway.id }, admin);
    const echo = (tools.data as { tools: { items: { id: string; name: string; upstreamName: string }[] } }).tools.items.find((i) => i.upstreamName === 'echo')!;
    const created = await gql('mutation($t: ID!) { createServer(input: { id: "canary-server", name: "Canary", visibility: private, members: [{ kind: tools, itemId: $t }] }) { id } }', { t: echo.id }, admin);
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const mcpPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...bearer(mcpToken), ...headers }, body: JSON.stringify(body) });
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'canary', version: '1' } } };
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: echo.name, arguments: { text: 'canary call' } } };
    const upstreamBefore = upstream.requests.length;
    const init = await record(await mcpPost('/servers/canary-server/mcp', initialize));
    const session = { 'mcp-session-id': init.headers.get('mcp-session-id') ?? '', 'mcp-protocol-version': '2025-06-18' };
    await record(await mcpPost('/servers/canary-server/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, session));
    seen.push(await (await record(await mcpPost('/servers/canary-server/mcp', call, session))).text());
    await record(await mcpPost('/servers/canary-server/rpc', call));
    await record(await mcpPost('/mcp', initialize, { authorization: `Bearer ${mcpToken}tampered` }));
    upstreamRequestsDuringMcp = upstream.requests.length - upstreamBefore;
    await t.services.metrics.flush();
    await gql('{ events(page: { first: 200 }) { events { type data } } }', {}, admin);
    await record(await t.fetch('/version', { headers: bearer(admin) }));
    // SSO: a provider defined through GraphQL, its secret replaced, listed; sign-ins that fail at the provider.
    const sso = 'mutation($s: String!) { createSsoProvider(input: { id: "canary", name: "Canary", preset: "generic", issuer: "http://127.0.0.1:9", clientId: "c", clientSecret: $s }) { id clientId hasClientSecret } }';
    await gql(sso, { s: CANARIES.ssoCreatedSecret }, admin);
    await gql(sso, { s: CANARIES.ssoCreatedSecret }, admin);
    await gql('mutation($s: String!) { updateSsoProvider(id: "canary", changes: { clientSecret: $s }) { id hasClientSecret } }', { s: CANARIES.ssoUpdatedSecret }, admin);
    await gql('{ ssoProviders { id name preset issuer clientId hasClientSecret source redirectUri } ssoSignInProviders { id loginUrl } }', {}, admin);
    for (const id of ['okta', 'canary']) await record(await t.fetch(`/auth/sso/login/${id}`));
    await record(await t.fetch('/auth/sso/providers'));
    await record(await t.fetch('/auth/email/logout', { method: 'POST', headers: bearer(admin) }));
  });
  afterAll(async () => {
    await t.close();
    await upstream?.close();
  });

  const expectNoCanary = (where: string, text: string) => {
    for (const [name, value] of Object.entries({ ...CANARIES, ...minted })) expect(text.includes(value), `${name} found in ${where}`).toBe(false);
  };

  it('ran every flow (the checks below are not vacuous)', () => {
    expect(seen.length).toBeGreaterThan(20);
    expect(t.logs.length).toBeGreaterThan(20);
    expect(seen.join('\n')).toContain('"UserRegistered"');
    expect(seen.join('\n')).toContain('"GatewayRegistered"');
    expect(seen.join('\n')).toContain('"hasCredentials":true');
    expect(seen.join('\n')).toContain('"command":"'); // the stdio gateway was registered and listed
    expect(seen.join('\n')).toContain('canary call'); // the MCP tool call went through
    expect(Object.keys(minted)).toEqual(['mcpToken', 'mcpTokenSignature']);
  });

  it('an MCP client\'s token never reaches the upstream: it sees only its own credential', () => {
    expect(upstreamRequestsDuringMcp).toBeGreaterThan(0);
    for (const r of upstream.requests) expect(r.headers.authorization).toBe(`Bearer ${CANARIES.upstreamBearer}`);
    expect(JSON.stringify(upstream.requests)).not.toContain(minted.mcpTokenSignature);
  });

  it('no secret in the captured logs', () => {
    expectNoCanary('logs', JSON.stringify(t.logs));
  });

  it('no secret in any REST or GraphQL response', () => {
    expectNoCanary('responses', seen.join('\n'));
  });

  it('no secret in the events table, its raw text included, nor in any projection or metrics table', async () => {
    const { database } = t.services;
    expectNoCanary('events', JSON.stringify(await database.query('select * from events')));
    for (const table of ['users', 'sessions', 'credential_revocations', 'gateways', 'sso_providers', 'sso_auth_states', 'servers', 'ops_call_totals', 'ops_call_minutes', 'api_token_usage'])
      expectNoCanary(table, JSON.stringify(await database.query(`select * from ${table}`)));
  });

  it('no secret (nor a password hash) in an export', async () => {
    const lines: string[] = [];
    await exportEvents(t.services.database, t.services.store.registry, (line) => void lines.push(line));
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expectNoCanary('export', text);
    expect(text).not.toContain('$argon2id$');
  });
});
