import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { listen, type RunningServer } from '../../api/server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEFAULT_ADMIN, FAST_ARGON2, bearer, createSignedInUser, graphql, login, type GraphQLResult } from '../support/auth.js';
import { ssoApprovalDecider } from '../../events/sso/decide.js';
import { ssoApprovalStreamId } from '../../events/sso/events.js';
import { hostOverHttp, type HostedServer } from '../fixtures/http-host.js';
import { createPagedServer } from '../fixtures/paged-server.js';
import { stdioFixture } from '../fixtures/run-stdio.js';

/**
 * The isolation matrix: for each operation and each actor, the outcome written by hand, run through the
 * real HTTP stack (sign-in, GraphQL, scope rules, can(), SQL filters) — never by asking can() about itself.
 * Later domains add their operations to OPERATIONS.
 */
type Actor = 'owner' | 'member' | 'other' | 'admin' | 'auditor' | 'anonymous';
const ACTORS: Actor[] = ['owner', 'member', 'other', 'admin', 'auditor', 'anonymous'];

/** What an actor observed: the call's outcome, or for lists whether the item was in them. */
type Outcome = 'ok' | 'not_found' | 'forbidden' | 'unauthenticated' | 'insufficient_scope' | 'visible' | 'hidden';

/**
 * API tokens of the owner, as actors: one with the owner's full rights, one narrowed to read permissions,
 * one limited to the matrix's virtual server. Their expectations are their own table (TOKEN_EXPECT).
 */
type TokenActor = 'ownerToken' | 'readToken' | 'serverToken';
const TOKEN_ACTORS: TokenActor[] = ['ownerToken', 'readToken', 'serverToken'];

interface World {
  t: TestApp;
  tokens: Record<Exclude<Actor, 'anonymous'> | TokenActor, string>;
  /** A private team: owner owns it, member belongs to it; other belongs to another team. */
  team: string;
  publicTeam: string;
  /** A fresh private team with owner and member, for operations that consume what they act on. */
  freshTeam(): Promise<string>;
  fresh: (prefix: string) => string;
  /** A team-visible gateway the owner registered in `team` (the paged fixture), and some of its items. */
  upstream: HostedServer;
  gateway: string;
  tool: string;
  resource: string;
  template: string;
  prompt: string;
  /** A fresh team-visible gateway of the owner in `team`, for operations that consume it. */
  freshGateway(): Promise<string>;
  /** The app on a loopback socket, for the MCP endpoints driven by the SDK client. */
  base: string;
  running: RunningServer;
  /** A team-visible virtual server of the owner in `team` with `tool` as its member, under `toolName`. */
  server: string;
  toolName: string;
  /** A fresh one like it, for operations that consume it. */
  freshServer(): Promise<string>;
  /** A tool of a public gateway the owner registered in `team`. */
  publicTool: string;
}

interface Operation {
  name: string;
  expect: Record<Actor, Outcome>;
  run(w: World, headers: Record<string, string>): Promise<Outcome>;
}

function outcome(result: GraphQLResult, listed?: () => boolean): Outcome {
  const code = result.errors?.[0]?.extensions?.code;
  if (code === 'NOT_FOUND') return 'not_found';
  if (code === 'FORBIDDEN') return 'forbidden';
  if (code === 'UNAUTHENTICATED') return 'unauthenticated';
  if (code === 'INSUFFICIENT_SCOPE') return 'insufficient_scope';
  if (result.errors) throw new Error(`unexpected error: ${JSON.stringify(result.errors)}`);
  if (listed) return listed() ? 'visible' : 'hidden';
  return 'ok';
}

const gql = (query: string, variables: (w: World) => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({})) =>
  async (w: World, headers: Record<string, string>) => outcome(await graphql(w.t, query, await variables(w), headers));

const listing = (query: string, pick: (data: any) => { id: string }[], target: (w: World) => string) =>
  async (w: World, headers: Record<string, string>) => {
    const result = await graphql(w.t, query, {}, headers);
    return outcome(result, () => pick(result.data).some((x) => x.id === target(w)));
  };

const everyoneSignedIn = (o: Outcome): Record<Actor, Outcome> => ({ owner: o, member: o, other: o, admin: o, auditor: o, anonymous: 'unauthenticated' });
const teamManage = { owner: 'ok', member: 'forbidden', other: 'not_found', admin: 'ok', auditor: 'forbidden', anonymous: 'unauthenticated' } as const;
const teamManageRead = { owner: 'ok', member: 'forbidden', other: 'not_found', admin: 'ok', auditor: 'ok', anonymous: 'unauthenticated' } as const;
const teamRead = { owner: 'ok', member: 'ok', other: 'not_found', admin: 'ok', auditor: 'ok', anonymous: 'unauthenticated' } as const;
const adminOnly = { owner: 'forbidden', member: 'forbidden', other: 'forbidden', admin: 'ok', auditor: 'forbidden', anonymous: 'unauthenticated' } as const;
const auditRead = { ...adminOnly, auditor: 'ok' } as const;

let ssoCount = 0;
/** A GraphQL-defined SSO provider of its own for an operation that changes or deletes it. */
const ssoProvider = async (w: World) =>
  (await w.t.services.sso.providers.create({ id: `matrix-${++ssoCount}`, name: 'Matrix', preset: 'okta', issuer: 'https://id.example', clientId: 'c', clientSecret: 's' }, { actor: 'test' })).id;
/** A first SSO sign-in waiting for approval, as SSO_REQUIRE_ADMIN_APPROVAL leaves it. */
const pendingApproval = async (w: World) => {
  const email = w.fresh('sso-newcomer');
  await w.t.services.store.handle({ actor: 'test' }, ssoApprovalStreamId(email), ssoApprovalDecider, { type: 'Request', email, fullName: '', providerId: 'okta' });
  return email;
};

export const OPERATIONS: Operation[] = [
  { name: 'team(id)', expect: teamRead, run: gql('query($id: ID!) { team(id: $id) { id } }', (w) => ({ id: w.team })) },
  {
    name: 'teams list shows the team',
    expect: { owner: 'visible', member: 'visible', other: 'hidden', admin: 'visible', auditor: 'visible', anonymous: 'unauthenticated' },
    run: listing('{ teams(first: 200) { items { id } } }', (d) => d.teams.items, (w) => w.team),
  },
  {
    name: 'discoverTeams shows a public team',
    expect: everyoneSignedIn('visible'),
    run: listing('{ discoverTeams(first: 200) { items { id } } }', (d) => d.discoverTeams.items, (w) => w.publicTeam),
  },
  {
    name: 'discoverTeams hides a private team',
    expect: everyoneSignedIn('hidden'),
    run: listing('{ discoverTeams(first: 200) { items { id } } }', (d) => d.discoverTeams.items, (w) => w.team),
  },
  { name: 'team members', expect: teamRead, run: gql('query($id: ID!) { team(id: $id) { members { items { email } } } }', (w) => ({ id: w.team })) },
  { name: 'myPermissions(teamId)', expect: teamRead, run: gql('query($id: ID!) { myPermissions(teamId: $id) }', (w) => ({ id: w.team })) },
  { name: 'updateTeam', expect: teamManage, run: gql('mutation($id: ID!) { updateTeam(id: $id, description: "Matrix") { id } }', (w) => ({ id: w.team })) },
  {
    name: 'inviteMember',
    expect: teamManage,
    run: gql('mutation($id: ID!, $e: String!) { inviteMember(teamId: $id, email: $e) { invitationId } }', (w) => ({ id: w.team, e: w.fresh('invitee') })),
  },
  { name: 'invitations(teamId)', expect: teamManageRead, run: gql('query($id: ID!) { invitations(teamId: $id) { items { id } } }', (w) => ({ id: w.team })) },
  { name: 'joinRequests(teamId)', expect: teamManageRead, run: gql('query($id: ID!) { joinRequests(teamId: $id) { items { id } } }', (w) => ({ id: w.team })) },
  {
    name: 'setMemberRole',
    expect: teamManage,
    run: gql('mutation($id: ID!) { setMemberRole(teamId: $id, email: "member@example.com", role: team_member) { id } }', (w) => ({ id: w.team })),
  },
  {
    name: 'removeMember',
    expect: teamManage,
    run: gql('mutation($id: ID!) { removeMember(teamId: $id, email: "member@example.com") }', async (w) => ({ id: await w.freshTeam() })),
  },
  { name: 'deleteTeam', expect: teamManage, run: gql('mutation($id: ID!) { deleteTeam(id: $id) }', async (w) => ({ id: await w.freshTeam() })) },
  {
    name: 'requestToJoin a private team',
    expect: everyoneSignedIn('not_found'),
    run: gql('mutation($id: ID!) { requestToJoin(teamId: $id) }', (w) => ({ id: w.team })),
  },
  { name: 'roles', expect: everyoneSignedIn('ok'), run: gql('{ roles { id } }') },
  {
    name: 'createRole',
    expect: adminOnly,
    run: gql('mutation($n: String!) { createRole(name: $n, scope: global, permissions: ["tools.read"]) { id } }', (w) => ({ n: w.fresh('role') })),
  },
  // Granted to a bystander, so no actor's rights change while the matrix runs.
  { name: 'grantRole', expect: adminOnly, run: gql('mutation { grantRole(email: "grantee@example.com", roleId: "auditor") }') },
  { name: 'users list', expect: auditRead, run: gql('{ users { items { email } } }') },
  { name: 'createUser', expect: adminOnly, run: gql('mutation($e: String!) { createUser(input: { email: $e, password: "long-enough-1" }) { id } }', (w) => ({ e: w.fresh('created') })) },
  { name: 'audit events', expect: auditRead, run: gql('{ events(page: { first: 1 }) { events { type } } }') },
  { name: 'authEvents(email)', expect: auditRead, run: gql('{ authEvents(email: "member@example.com") { type } }') },
  { name: 'ssoProviders', expect: adminOnly, run: gql('{ ssoProviders { id source hasClientSecret } }') },
  {
    name: 'ssoSignInProviders (the sign-in page, anonymous too)',
    expect: { owner: 'ok', member: 'ok', other: 'ok', admin: 'ok', auditor: 'ok', anonymous: 'ok' },
    run: gql('{ ssoSignInProviders { id loginUrl } }'),
  },
  {
    name: 'createSsoProvider',
    expect: adminOnly,
    run: gql('mutation($id: String!) { createSsoProvider(input: { id: $id, name: "Matrix", preset: "generic", issuer: "https://id.example", clientId: "c", clientSecret: "s" }) { id } }', () => ({ id: `matrix-${++ssoCount}` })),
  },
  { name: 'updateSsoProvider', expect: adminOnly, run: gql('mutation($id: ID!) { updateSsoProvider(id: $id, changes: { enabled: false }) { id } }', async (w) => ({ id: await ssoProvider(w) })) },
  { name: 'deleteSsoProvider', expect: adminOnly, run: gql('mutation($id: ID!) { deleteSsoProvider(id: $id) }', async (w) => ({ id: await ssoProvider(w) })) },
  { name: 'pendingApprovals', expect: adminOnly, run: gql('{ pendingApprovals { email status } }') },
  { name: 'approveUser', expect: adminOnly, run: gql('mutation($e: String!) { approveUser(email: $e) { status } }', async (w) => ({ e: await pendingApproval(w) })) },
  { name: 'rejectUser', expect: adminOnly, run: gql('mutation($e: String!) { rejectUser(email: $e) { status } }', async (w) => ({ e: await pendingApproval(w) })) },
];

const shown = { owner: 'visible', member: 'visible', other: 'hidden', admin: 'visible', auditor: 'visible', anonymous: 'unauthenticated' } as const;
const createInTeam = { owner: 'ok', member: 'ok', other: 'not_found', admin: 'ok', auditor: 'forbidden', anonymous: 'unauthenticated' } as const;

// Gateways and their catalog: a team-visible gateway the owner registered, and its items.
OPERATIONS.push(
  { name: 'gateway(id)', expect: teamRead, run: gql('query($id: ID!) { gateway(id: $id) { id hasCredentials } }', (w) => ({ id: w.gateway })) },
  { name: 'gateways list shows the gateway', expect: shown, run: listing('{ gateways(first: 200) { items { id } } }', (d) => d.gateways.items, (w) => w.gateway) },
  {
    name: 'registerGateway in the team',
    expect: createInTeam,
    run: gql('mutation($n: String!, $u: String!, $t: ID!) { registerGateway(name: $n, transport: streamable_http, url: $u, teamId: $t, visibility: team) { id } }', (w) => ({
      n: w.fresh('gateway'),
      u: w.upstream.url,
      t: w.team,
    })),
  },
  {
    name: 'registerGateway stdio',
    expect: { ...adminOnly },
    run: gql('mutation($n: String!, $c: String!, $a: [String!]) { registerGateway(name: $n, transport: stdio, command: $c, args: $a) { id } }', (w) => ({
      n: w.fresh('stdio'),
      ...(({ command, args }) => ({ c: command, a: args }))(stdioFixture('crashing-server')),
    })),
  },
  { name: 'updateGateway', expect: teamManage, run: gql('mutation($id: ID!) { updateGateway(id: $id, description: "Matrix") { id } }', (w) => ({ id: w.gateway })) },
  { name: 'refreshGateway', expect: teamManage, run: gql('mutation($id: ID!) { refreshGateway(id: $id) { added } }', (w) => ({ id: w.gateway })) },
  { name: 'setGatewayEnabled', expect: teamManage, run: gql('mutation($id: ID!) { setGatewayEnabled(id: $id, enabled: true) { id } }', (w) => ({ id: w.gateway })) },
  { name: 'deleteGateway', expect: teamManage, run: gql('mutation($id: ID!) { deleteGateway(id: $id) }', async (w) => ({ id: await w.freshGateway() })) },
  { name: 'tool(id)', expect: teamRead, run: gql('query($id: ID!) { tool(id: $id) { id } }', (w) => ({ id: w.tool })) },
  { name: 'tools list shows the tool', expect: shown, run: listing('{ tools(first: 200, search: "tool-000") { items { id } } }', (d) => d.tools.items, (w) => w.tool) },
  { name: 'updateTool', expect: teamManage, run: gql('mutation($id: ID!) { updateTool(id: $id, tags: ["matrix"]) { id } }', (w) => ({ id: w.tool })) },
  { name: 'setToolEnabled', expect: teamManage, run: gql('mutation($id: ID!) { setToolEnabled(id: $id, enabled: true) { id } }', (w) => ({ id: w.tool })) },
  { name: 'resource(id)', expect: teamRead, run: gql('query($id: ID!) { resource(id: $id) { id } }', (w) => ({ id: w.resource })) },
  { name: 'resources list shows the resource', expect: shown, run: listing('{ resources(first: 200, search: "resource/000") { items { id } } }', (d) => d.resources.items, (w) => w.resource) },
  { name: 'updateResource', expect: teamManage, run: gql('mutation($id: ID!) { updateResource(id: $id, displayName: "Matrix") { id } }', (w) => ({ id: w.resource })) },
  {
    name: 'resourceTemplates list shows the template',
    expect: shown,
    run: listing('{ resourceTemplates(first: 200, search: "template/000") { items { id } } }', (d) => d.resourceTemplates.items, (w) => w.template),
  },
  { name: 'updateResourceTemplate', expect: teamManage, run: gql('mutation($id: ID!) { updateResourceTemplate(id: $id, displayName: "Matrix") { id } }', (w) => ({ id: w.template })) },
  { name: 'prompt(id)', expect: teamRead, run: gql('query($id: ID!) { prompt(id: $id) { id } }', (w) => ({ id: w.prompt })) },
  { name: 'prompts list shows the prompt', expect: shown, run: listing('{ prompts(first: 200, search: "prompt-000") { items { id } } }', (d) => d.prompts.items, (w) => w.prompt) },
  { name: 'updatePrompt', expect: teamManage, run: gql('mutation($id: ID!) { updatePrompt(id: $id, description: "Matrix") { id } }', (w) => ({ id: w.prompt })) },
);

// Virtual servers: a team-visible server the owner made in `team`, holding the team-visible tool.
OPERATIONS.push(
  { name: 'server(id)', expect: teamRead, run: gql('query($id: ID!) { server(id: $id) { id } }', (w) => ({ id: w.server })) },
  { name: 'servers list shows the server', expect: shown, run: listing('{ servers(first: 200) { items { id } } }', (d) => d.servers.items, (w) => w.server) },
  {
    name: 'createServer in the team',
    expect: createInTeam,
    run: gql('mutation($n: String!, $t: ID!) { createServer(input: { name: $n, teamId: $t, visibility: team }) { id } }', (w) => ({ n: w.fresh('server'), t: w.team })),
  },
  { name: 'updateServer', expect: teamManage, run: gql('mutation($id: ID!) { updateServer(id: $id, input: { description: "Matrix" }) { id } }', (w) => ({ id: w.server })) },
  { name: 'deleteServer', expect: teamManage, run: gql('mutation($id: ID!) { deleteServer(id: $id) }', async (w) => ({ id: await w.freshServer() })) },
  // Running is not reading: an auditor sees the tool but may not run it, and what one may not run is not found.
  { name: 'invokeTool', expect: { ...teamRead, auditor: 'not_found' }, run: gql('mutation($id: ID!) { invokeTool(id: $id, arguments: { n: 2 }) }', (w) => ({ id: w.tool })) },
  // A public tool is for every signed-in user: tools.execute from any of their roles (their personal team's).
  { name: 'invokeTool on a public tool', expect: everyoneSignedIn('ok'), run: gql('mutation($id: ID!) { invokeTool(id: $id, arguments: { n: 2 }) }', (w) => ({ id: w.publicTool })) },
);

/** What the SDK client observed: the HTTP status it was refused with, or the JSON-RPC error it got. */
function mcpOutcome(err: unknown): Outcome {
  if (err instanceof StreamableHTTPError) {
    if (err.code === 401) return 'unauthenticated';
    if (err.code === 403) return /INSUFFICIENT_SCOPE/.test(err.message) ? 'insufficient_scope' : 'forbidden';
    if (err.code === 404) return 'not_found';
  }
  if (err instanceof McpError && /Unknown tool|not found/.test(err.message)) return 'not_found';
  throw err;
}

/** Connects the SDK client to an MCP endpoint over real HTTP with the actor's headers, then uses it. */
const overMcp = (path: (w: World) => string, use: (c: Client, w: World) => Promise<Outcome>) => async (w: World, headers: Record<string, string>) => {
  const client = new Client({ name: 'matrix', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${w.base}${path(w)}`), { requestInit: { headers } }));
    return await use(client, w);
  } catch (err) {
    return mcpOutcome(err);
  } finally {
    await client.close().catch(() => undefined);
  }
};
const serverMcp = (w: World) => `/servers/${w.server}/mcp`;
/** Whether the tool is on any page of tools/list (the matrix registers many gateways of 120 tools). */
async function listsTool(c: Client, w: World): Promise<Outcome> {
  let cursor: string | undefined;
  do {
    const page = await c.listTools(cursor ? { cursor } : undefined);
    if (page.tools.some((x) => x.name === w.toolName)) return 'visible';
    cursor = page.nextCursor;
  } while (cursor);
  return 'hidden';
}
const canRun = { ...teamRead, auditor: 'not_found' } as const;

// The MCP endpoints, through the SDK client over HTTP: the same rules as GraphQL, "not found" for what is hidden.
OPERATIONS.push(
  { name: 'MCP initialize on the server', expect: teamRead, run: overMcp(serverMcp, async () => 'ok') },
  { name: 'MCP tools/list on the server shows the member', expect: { ...shown, other: 'not_found', auditor: 'hidden' }, run: overMcp(serverMcp, listsTool) },
  {
    name: 'MCP tools/call on a member',
    expect: canRun,
    run: overMcp(serverMcp, async (c, w) => {
      const result = await c.callTool({ name: w.toolName, arguments: { n: 21 } });
      if (JSON.stringify(result.structuredContent) !== '{"doubled":42}') throw new Error(`unexpected result ${JSON.stringify(result)}`);
      return 'ok';
    }),
  },
  { name: 'MCP /mcp tools/list shows the tool', expect: { ...shown, auditor: 'hidden' }, run: overMcp(() => '/mcp', listsTool) },
  {
    name: 'MCP /mcp tools/call',
    expect: canRun,
    run: overMcp(() => '/mcp', async (c, w) => {
      await c.callTool({ name: w.toolName, arguments: { n: 1 } });
      return 'ok';
    }),
  },
);

/** [owner's full token, owner's read-only token, owner's token limited to the matrix server], by operation. */
const isc = 'insufficient_scope' as const;
const TOKEN_EXPECT: Record<string, [Outcome, Outcome, Outcome]> = {
  'team(id)': ['ok', 'ok', isc],
  'teams list shows the team': ['visible', 'visible', isc],
  'discoverTeams shows a public team': ['visible', 'visible', isc],
  'discoverTeams hides a private team': ['hidden', 'hidden', isc],
  'team members': ['ok', 'ok', isc],
  'myPermissions(teamId)': ['ok', 'ok', isc],
  updateTeam: ['ok', 'forbidden', isc],
  inviteMember: ['ok', 'forbidden', isc],
  'invitations(teamId)': ['ok', 'forbidden', isc],
  'joinRequests(teamId)': ['ok', 'forbidden', isc],
  setMemberRole: ['ok', 'forbidden', isc],
  removeMember: ['ok', 'forbidden', isc],
  deleteTeam: ['ok', 'forbidden', isc],
  'requestToJoin a private team': ['not_found', 'not_found', isc],
  roles: ['ok', 'ok', isc],
  createRole: ['forbidden', 'forbidden', isc],
  grantRole: ['forbidden', 'forbidden', isc],
  // A token's list cannot grant what its creator lacks (users.read and audit.read are in the read token's list).
  'users list': ['forbidden', 'forbidden', isc],
  createUser: ['forbidden', 'forbidden', isc],
  'audit events': ['forbidden', 'forbidden', isc],
  'authEvents(email)': ['forbidden', 'forbidden', isc],
  ssoProviders: ['forbidden', 'forbidden', isc],
  'ssoSignInProviders (the sign-in page, anonymous too)': ['ok', 'ok', isc],
  createSsoProvider: ['forbidden', 'forbidden', isc],
  updateSsoProvider: ['forbidden', 'forbidden', isc],
  deleteSsoProvider: ['forbidden', 'forbidden', isc],
  pendingApprovals: ['forbidden', 'forbidden', isc],
  approveUser: ['forbidden', 'forbidden', isc],
  rejectUser: ['forbidden', 'forbidden', isc],
  'gateway(id)': ['ok', 'ok', isc],
  'gateways list shows the gateway': ['visible', 'visible', isc],
  'registerGateway in the team': ['ok', 'forbidden', isc],
  'registerGateway stdio': ['forbidden', 'forbidden', isc],
  updateGateway: ['ok', 'forbidden', isc],
  refreshGateway: ['ok', 'forbidden', isc],
  setGatewayEnabled: ['ok', 'forbidden', isc],
  deleteGateway: ['ok', 'forbidden', isc],
  'tool(id)': ['ok', 'ok', isc],
  'tools list shows the tool': ['visible', 'visible', isc],
  updateTool: ['ok', 'forbidden', isc],
  setToolEnabled: ['ok', 'forbidden', isc],
  'resource(id)': ['ok', 'ok', isc],
  'resources list shows the resource': ['visible', 'visible', isc],
  updateResource: ['ok', 'forbidden', isc],
  'resourceTemplates list shows the template': ['visible', 'visible', isc],
  updateResourceTemplate: ['ok', 'forbidden', isc],
  'prompt(id)': ['ok', 'ok', isc],
  'prompts list shows the prompt': ['visible', 'visible', isc],
  updatePrompt: ['ok', 'forbidden', isc],
  'server(id)': ['ok', 'ok', isc],
  'servers list shows the server': ['visible', 'visible', isc],
  'createServer in the team': ['ok', 'forbidden', isc],
  updateServer: ['ok', 'forbidden', isc],
  deleteServer: ['ok', 'forbidden', isc],
  // Running needs tools.execute, which the read token lacks: what it may not run is not found.
  invokeTool: ['ok', 'not_found', isc],
  'invokeTool on a public tool': ['ok', 'not_found', isc],
  'MCP initialize on the server': ['ok', 'ok', 'ok'],
  'MCP tools/list on the server shows the member': ['visible', 'hidden', 'visible'],
  'MCP tools/call on a member': ['ok', 'not_found', 'ok'],
  'MCP /mcp tools/list shows the tool': ['visible', 'hidden', isc],
  'MCP /mcp tools/call': ['ok', 'not_found', isc],
};

describe('isolation matrix', () => {
  let w: World;
  beforeAll(async () => {
    const t = await startTestApp({ ...FAST_ARGON2, PORT: '0', HOST: '127.0.0.1' });
    const admin = await login(t, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    const [owner, member, other, auditor] = await Promise.all(
      ['owner', 'member', 'other', 'auditor'].map((n) => createSignedInUser(t, admin, `${n}@example.com`)),
    );
    await createSignedInUser(t, admin, 'grantee@example.com');
    const humans = { owner, member, other, admin, auditor };
    const must = async <T>(p: Promise<GraphQLResult<T>>) => {
      const r = await p;
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data as T;
    };
    await must(graphql(t, 'mutation { grantRole(email: "auditor@example.com", roleId: "auditor") }', {}, bearer(admin)));
    const createTeam = async (name: string, visibility: string, as = owner) =>
      (await must(graphql<{ createTeam: { id: string } }>(t, `mutation($n: String!) { createTeam(name: $n, visibility: ${visibility}) { id } }`, { n: name }, bearer(as)))).createTeam.id;
    const addMember = async (teamId: string, email: string, token: string, as = owner) => {
      const inv = await must(graphql<{ inviteMember: { token: string } }>(t, 'mutation($id: ID!, $e: String!) { inviteMember(teamId: $id, email: $e) { token } }', { id: teamId, e: email }, bearer(as)));
      await must(graphql(t, 'mutation($tok: String!) { acceptInvitation(token: $tok) { id } }', { tok: inv.inviteMember.token }, bearer(token)));
    };
    const team = await createTeam('Matrix', 'private');
    await addMember(team, 'member@example.com', member);
    const otherTeam = await createTeam('Elsewhere', 'private', other);
    void otherTeam;
    const publicTeam = await createTeam('Open', 'public');
    let n = 0;
    const upstream = await hostOverHttp(createPagedServer);
    const registerGateway = async (name: string) =>
      (await must(graphql<{ registerGateway: { id: string } }>(t, 'mutation($n: String!, $u: String!, $t: ID!) { registerGateway(name: $n, transport: streamable_http, url: $u, teamId: $t, visibility: team) { id } }', { n: name, u: upstream.url, t: team }, bearer(owner)))).registerGateway.id;
    const gateway = await registerGateway('Matrix upstream');
    const items = await must(
      graphql<Record<'tools' | 'resources' | 'resourceTemplates' | 'prompts', { items: { id: string }[] }>>(
        t,
        'query($g: ID!) { tools(gateway: $g, first: 1) { items { id } } resources(gateway: $g, first: 1) { items { id } } resourceTemplates(gateway: $g, first: 1) { items { id } } prompts(gateway: $g, first: 1) { items { id } } }',
        { g: gateway },
        bearer(owner),
      ),
    );
    const createServer = async (name: string) =>
      (await must(graphql<{ createServer: { id: string } }>(t, 'mutation($n: String!, $t: ID!, $tool: ID!) { createServer(input: { name: $n, teamId: $t, visibility: team, members: [{ kind: tools, itemId: $tool }] }) { id } }', { n: name, t: team, tool: items.tools.items[0].id }, bearer(owner)))).createServer.id;
    const server = await createServer('Matrix server');
    const { tool: toolRow } = await must(graphql<{ tool: { name: string } }>(t, 'query($id: ID!) { tool(id: $id) { name } }', { id: items.tools.items[0].id }, bearer(owner)));
    const publicGateway = (await must(graphql<{ registerGateway: { id: string } }>(t, 'mutation($u: String!, $t: ID!) { registerGateway(name: "Matrix public", transport: streamable_http, url: $u, teamId: $t, visibility: public) { id } }', { u: upstream.url, t: team }, bearer(owner)))).registerGateway.id;
    const publicTools = await must(graphql<{ tools: { items: { id: string }[] } }>(t, 'query($g: ID!) { tools(gateway: $g, first: 1) { items { id } } }', { g: publicGateway }, bearer(owner)));
    const apiToken = async (name: string, input: Record<string, unknown>) =>
      (await must(graphql<{ createApiToken: { token: string } }>(t, 'mutation($i: NewApiTokenInput!) { createApiToken(input: $i) { token } }', { i: { name, expiresInDays: 1, ...input } }, bearer(owner)))).createApiToken.token;
    const tokens = {
      ...humans,
      ownerToken: await apiToken('matrix-full', {}),
      readToken: await apiToken('matrix-read', { permissions: ['teams.read', 'gateways.read', 'tools.read', 'resources.read', 'prompts.read', 'servers.read', 'users.read', 'audit.read'] }),
      serverToken: await apiToken('matrix-server', { serverId: server }),
    };
    const running = await listen(t.app, t.services);
    w = {
      base: running.url,
      running,
      server,
      toolName: toolRow.name,
      publicTool: publicTools.tools.items[0].id,
      freshServer: () => createServer(`Matrix fresh server ${++n}`),
      upstream,
      gateway,
      tool: items.tools.items[0].id,
      resource: items.resources.items[0].id,
      template: items.resourceTemplates.items[0].id,
      prompt: items.prompts.items[0].id,
      freshGateway: () => registerGateway(`Matrix fresh ${++n}`),
      t,
      tokens,
      team,
      publicTeam,
      fresh: (prefix) => `${prefix}-${++n}@example.com`.replace(/@example\.com$/, prefix === 'role' ? '' : '@example.com'),
      async freshTeam() {
        const id = await createTeam(`Fresh ${++n}`, 'private');
        await addMember(id, 'member@example.com', member);
        return id;
      },
    };
  });
  afterAll(async () => {
    await w?.running.stop();
    await w?.t.close();
    await w?.upstream.close();
  });

  it('holds for every operation and actor', async () => {
    const wrong: string[] = [];
    let cases = 0;
    for (const op of OPERATIONS) {
      for (const actor of ACTORS) {
        const headers = actor === 'anonymous' ? {} : bearer(w.tokens[actor]);
        const got = await op.run(w, headers);
        cases++;
        if (got !== op.expect[actor]) wrong.push(`${op.name} as ${actor}: expected ${op.expect[actor]}, got ${got}`);
      }
    }
    const missing = OPERATIONS.filter((op) => !TOKEN_EXPECT[op.name]).map((op) => op.name);
    const stale = Object.keys(TOKEN_EXPECT).filter((name) => !OPERATIONS.some((op) => op.name === name));
    expect({ missing, stale }, 'every operation needs a row in TOKEN_EXPECT, and every row an operation').toEqual({ missing: [], stale: [] });
    for (const op of OPERATIONS) {
      for (const [i, actor] of TOKEN_ACTORS.entries()) {
        const got = await op.run(w, bearer(w.tokens[actor]));
        cases++;
        if (got !== TOKEN_EXPECT[op.name][i]) wrong.push(`${op.name} as ${actor}: expected ${TOKEN_EXPECT[op.name][i]}, got ${got}`);
      }
    }
    const actors = ACTORS.length + TOKEN_ACTORS.length;
    console.info(`isolation matrix: ${cases} cases across ${OPERATIONS.length} operations and ${actors} actors`);
    expect(wrong, `leaks or wrong denials:\n${wrong.join('\n')}`).toEqual([]);
    expect(cases).toBe(OPERATIONS.length * actors);
  });

  it('applies a team role change on the very next request', async () => {
    const { t, tokens, team } = w;
    const invite = () => graphql(t, 'mutation($id: ID!) { inviteMember(teamId: $id, email: "next@example.com") { invitationId } }', { id: team }, bearer(tokens.member));
    expect((await invite()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await graphql(t, 'mutation($id: ID!) { setMemberRole(teamId: $id, email: "member@example.com", role: team_owner) { id } }', { id: team }, bearer(tokens.owner));
    expect((await invite()).errors).toBeUndefined();
    await graphql(t, 'mutation($id: ID!) { setMemberRole(teamId: $id, email: "member@example.com", role: team_member) { id } }', { id: team }, bearer(tokens.owner));
    expect((await invite()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await graphql(t, 'mutation($id: ID!) { removeMember(teamId: $id, email: "member@example.com") }', { id: team }, bearer(tokens.owner));
    const gone = await graphql(t, 'query($id: ID!) { team(id: $id) { id } }', { id: team }, bearer(tokens.member));
    expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
