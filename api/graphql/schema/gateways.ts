import { builder } from '../builder.js';
import { pageRequest } from '../paging.js';
import { NotFoundError } from '../../../events/errors.js';
import type { GatewayView } from '../../gateways/queries.js';
import { refOf } from '../../gateways/access.js';
import type { GraphQLContext } from '../context.js';
import { principalOf } from './teams.js';
import { CatalogVisibility, visibilityListArgs, visibilityListFilter } from '../list-args.js';


const Transport = builder.enumType('GatewayTransport', { values: ['streamable_http', 'sse', 'stdio'] as const });
const AuthType = builder.enumType('GatewayAuthType', { values: ['none', 'bearer', 'basic', 'headers'] as const });

const AuthInput = builder.inputType('GatewayAuthInput', {
  description: 'How Switchboard authenticates to the upstream. Stored encrypted; never returned.',
  fields: (t) => ({
    type: t.field({ type: AuthType, required: true }),
    token: t.string({ description: 'bearer' }),
    username: t.string({ description: 'basic' }),
    password: t.string({ description: 'basic' }),
    headers: t.field({ type: 'JSON', description: 'headers: an object of header names and values' }),
  }),
});

const Gateway = builder.objectRef<GatewayView>('Gateway').implement({
  description: 'An upstream MCP server. Its credentials are never shown: only authType and hasCredentials.',
  // The backstop: lists are filtered in SQL, and a gateway nobody should see never resolves.
  authScopes: (g, ctx) => ctx.services.authz.canSee(ctx.principal, refOf(g, 'gateways')),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug', { description: 'The prefix of its tool and prompt names' }),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    teamId: t.exposeID('teamId'),
    ownerEmail: t.exposeString('ownerEmail'),
    visibility: t.field({ type: CatalogVisibility, resolve: (g) => g.visibility }),
    transport: t.field({ type: Transport, resolve: (g) => g.transport }),
    url: t.exposeString('url', { nullable: true }),
    command: t.exposeString('command', { nullable: true }),
    args: t.exposeStringList('args'),
    authType: t.field({ type: AuthType, resolve: (g) => g.authType }),
    hasCredentials: t.exposeBoolean('hasCredentials', { description: 'Whether an upstream credential or stdio environment is stored' }),
    enabled: t.exposeBoolean('enabled'),
    reachable: t.exposeBoolean('reachable', { description: 'False after UNHEALTHY_THRESHOLD failed health checks in a row, until one succeeds' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastErrorAt: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.lastErrorAt }),
    serverName: t.exposeString('serverName'),
    serverVersion: t.exposeString('serverVersion'),
    instructions: t.exposeString('instructions', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (g) => g.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (g) => g.updatedAt }),
  }),
});

const GatewayPage = builder.objectRef<{ items: GatewayView[]; nextCursor: string | null }>('GatewayPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Gateway], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

const SyncResult = builder.objectRef<{ added: number; changed: number; missing: number; restored: number }>('CatalogSyncResult').implement({
  fields: (t) => ({
    added: t.exposeInt('added'),
    changed: t.exposeInt('changed'),
    missing: t.exposeInt('missing'),
    restored: t.exposeInt('restored'),
  }),
});

async function loadGateway(ctx: GraphQLContext, id: string): Promise<GatewayView> {
  const g = await ctx.services.gatewayQueries.gateway(principalOf(ctx), id);
  if (!g) throw new NotFoundError('Gateway');
  return g;
}

builder.queryFields((t) => ({
  gateways: t.field({
    type: GatewayPage,
    description: 'Gateways you may see, filtered and paged',
    authScopes: { authenticated: true },
    args: visibilityListArgs(t),
    resolve: (_r, a, ctx) =>
      ctx.services.gatewayQueries.gateways(
        principalOf(ctx),
        visibilityListFilter(a),
        pageRequest(a.first, a.after),
      ),
  }),
  gateway: t.field({
    type: Gateway,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => loadGateway(ctx, String(a.id)),
  }),
}));

const connectionArgs = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) => ({
  url: t.arg.string({ description: 'streamable_http and sse' }),
  auth: t.arg({ type: AuthInput }),
  command: t.arg.string({ description: 'stdio (platform admins only)' }),
  args: t.arg.stringList(),
  env: t.arg({ type: 'JSON', description: 'stdio: variables given to the child (stored encrypted, never returned)' }),
});

builder.mutationFields((t) => ({
  registerGateway: t.field({
    type: Gateway,
    description: 'Connects, initializes and discovers the whole catalog before storing anything; a failure stores nothing',
    authScopes: { authenticated: true },
    args: {
      name: t.arg.string({ required: true }),
      description: t.arg.string(),
      tags: t.arg.stringList(),
      teamId: t.arg.id({ description: 'Your personal team when not given' }),
      visibility: t.arg({ type: CatalogVisibility, description: 'private when not given' }),
      transport: t.arg({ type: Transport, required: true }),
      ...connectionArgs(t),
    },
    resolve: async (_r, a, ctx) => {
      const id = await ctx.services.gateways.registerGateway(principalOf(ctx), ctx.meta(), {
        ...a,
        teamId: a.teamId ? String(a.teamId) : null,
        auth: a.auth ? { ...a.auth, headers: a.auth.headers as Record<string, string> | null } : null,
      });
      return loadGateway(ctx, id);
    },
  }),
  updateGateway: t.field({
    type: Gateway,
    description: 'New connection settings are validated by connecting and discovering; the catalog follows in the same change',
    authScopes: { authenticated: true },
    args: {
      id: t.arg.id({ required: true }),
      name: t.arg.string(),
      description: t.arg.string(),
      tags: t.arg.stringList(),
      teamId: t.arg.id(),
      visibility: t.arg({ type: CatalogVisibility }),
      ...connectionArgs(t),
    },
    resolve: async (_r, a, ctx) => {
      const { id, ...input } = a;
      await ctx.services.gateways.updateGateway(principalOf(ctx), ctx.meta(), String(id), {
        ...input,
        teamId: input.teamId ? String(input.teamId) : null,
        auth: input.auth ? { ...input.auth, headers: input.auth.headers as Record<string, string> | null } : null,
      });
      return loadGateway(ctx, String(id));
    },
  }),
  refreshGateway: t.field({
    type: SyncResult,
    description: 'Discovers again now: new items added, changed ones updated, vanished ones marked missing',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.gateways.refreshGateway(principalOf(ctx), ctx.meta(), String(a.id)),
  }),
  setGatewayEnabled: t.field({
    type: Gateway,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.gateways.setGatewayEnabled(principalOf(ctx), ctx.meta(), String(a.id), a.enabled);
      return loadGateway(ctx, String(a.id));
    },
  }),
  deleteGateway: t.boolean({
    description: 'Deletes the gateway and its catalog items',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.gateways.deleteGateway(principalOf(ctx), ctx.meta(), String(a.id));
      return true;
    },
  }),
}));
