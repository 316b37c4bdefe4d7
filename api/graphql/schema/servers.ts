import { builder } from '../builder.js';
import { pageRequest } from '../paging.js';
import { NotFoundError } from '../../../events/errors.js';
import type { ItemKind } from '../../../events/catalog/events.js';
import type { MemberView, ServerView } from '../../servers/queries.js';
import { refOf } from '../../gateways/access.js';
import type { GraphQLContext } from '../context.js';
import { principalOf } from './teams.js';
import { visibilityListArgs, visibilityListFilter } from '../list-args.js';
import { CatalogVisibility } from '../list-args.js';

const NameExposure = builder.enumType('ServerNameExposure', {
  description: 'catalog: tools and prompts go by their prefixed catalog names; upstream: by the names their upstream gives them (a drop-in replacement)',
  values: ['catalog', 'upstream'] as const,
});

const MemberKind = builder.enumType('ServerMemberKind', { values: ['tools', 'resources', 'resourceTemplates', 'prompts'] as const });

const Member = builder.objectRef<MemberView>('ServerMember').implement({
  fields: (t) => ({
    kind: t.field({ type: MemberKind, resolve: (m) => m.kind }),
    itemId: t.id({ resolve: (m) => m.item.id }),
    name: t.string({ description: 'What clients of this server call it (a resource: its URI)', resolve: (m) => m.exposedName }),
    alias: t.exposeString('alias', { nullable: true }),
    catalogName: t.string({ resolve: (m) => m.item.name }),
    upstreamName: t.string({ resolve: (m) => m.item.upstreamName }),
    gatewayId: t.id({ resolve: (m) => m.item.gatewayId }),
    status: t.string({ description: 'active, or missing (its upstream stopped offering it)', resolve: (m) => m.item.status }),
    enabled: t.boolean({ resolve: (m) => Boolean(m.item.enabled) }),
  }),
});

const MemberPage = builder.objectRef<{ items: MemberView[]; nextCursor: string | null }>('ServerMemberPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Member], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

const Server = builder.objectRef<ServerView>('VirtualServer').implement({
  description: 'A named bundle of catalog tools, resources, resource templates and prompts, served at /servers/{id}/mcp',
  authScopes: (s, ctx) => ctx.services.authz.canSee(ctx.principal, refOf(s, 'servers')),
  fields: (t) => {
    const members = (kind: ItemKind) =>
      t.field({
        type: MemberPage,
        description: 'The members you may see (a member narrower than you are allowed to see is left out)',
        args: { first: t.arg.int(), after: t.arg.string() },
        resolve: (s, a, ctx) => ctx.services.serverQueries.members(principalOf(ctx), s.id, kind, pageRequest(a.first, a.after)),
      });
    return {
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      description: t.exposeString('description'),
      tags: t.exposeStringList('tags'),
      teamId: t.exposeID('teamId'),
      ownerEmail: t.exposeString('ownerEmail'),
      visibility: t.field({ type: CatalogVisibility, resolve: (s) => s.visibility }),
      exposure: t.field({ type: NameExposure, resolve: (s) => s.exposure }),
      mcpUrl: t.string({
        description: 'Streamable HTTP endpoint; the legacy SSE transport is at …/sse, one-shot JSON-RPC at …/rpc',
        resolve: (s, _a, ctx) => `${ctx.services.config.appDomain}${ctx.services.config.rootPath}/servers/${encodeURIComponent(s.id)}/mcp`,
      }),
      tools: members('tools'),
      resources: members('resources'),
      resourceTemplates: members('resourceTemplates'),
      prompts: members('prompts'),
      createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
      updatedAt: t.field({ type: 'DateTime', resolve: (s) => s.updatedAt }),
    };
  },
});

const ServerPage = builder.objectRef<{ items: ServerView[]; nextCursor: string | null }>('VirtualServerPage').implement({
  fields: (t) => ({
    items: t.field({ type: [Server], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

const MemberInput = builder.inputType('ServerMemberInput', {
  fields: (t) => ({
    kind: t.field({ type: MemberKind, required: true }),
    itemId: t.id({ required: true }),
    alias: t.string({ description: 'Tools and prompts: the name clients see instead' }),
  }),
});

const CreateServerInput = builder.inputType('CreateServerInput', {
  fields: (t) => ({
    id: t.string({ description: 'A custom id, kept exactly as given (letters, digits, - _ . ~); a UUID when omitted' }),
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    teamId: t.id({ description: 'Your personal team when omitted' }),
    visibility: t.field({ type: CatalogVisibility, description: 'private when omitted' }),
    exposure: t.field({ type: NameExposure, description: 'catalog when omitted' }),
    members: t.field({ type: [MemberInput] }),
  }),
});

const UpdateServerInput = builder.inputType('UpdateServerInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    teamId: t.id(),
    visibility: t.field({ type: CatalogVisibility }),
    exposure: t.field({ type: NameExposure }),
    members: t.field({ type: [MemberInput], description: 'Replaces the member list when given' }),
  }),
});

async function loadServer(ctx: GraphQLContext, id: string): Promise<ServerView> {
  const s = await ctx.services.serverQueries.server(principalOf(ctx), id);
  if (!s) throw new NotFoundError('Server');
  return s;
}

const memberInputs = (members: { kind: ItemKind; itemId: string | number; alias?: string | null }[] | null | undefined) =>
  members?.map((m) => ({ kind: m.kind, itemId: String(m.itemId), alias: m.alias ?? null }));

builder.queryFields((t) => ({
  servers: t.field({
    type: ServerPage,
    description: 'Virtual servers you may see, filtered and paged',
    authScopes: { authenticated: true },
    args: visibilityListArgs(t),
    resolve: (_r, a, ctx) =>
      ctx.services.serverQueries.servers(
        principalOf(ctx),
        visibilityListFilter(a),
        pageRequest(a.first, a.after),
      ),
  }),
  server: t.field({
    type: Server,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => loadServer(ctx, String(a.id)),
  }),
}));

builder.mutationFields((t) => ({
  createServer: t.field({
    type: Server,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateServerInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const id = await ctx.services.servers.createServer(principalOf(ctx), ctx.meta(), {
        ...input,
        teamId: input.teamId ? String(input.teamId) : null,
        members: memberInputs(input.members),
      });
      return loadServer(ctx, id);
    },
  }),
  updateServer: t.field({
    type: Server,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateServerInput, required: true }) },
    resolve: async (_r, { id, input }, ctx) => {
      await ctx.services.servers.updateServer(principalOf(ctx), ctx.meta(), String(id), {
        ...input,
        teamId: input.teamId ? String(input.teamId) : null,
        members: memberInputs(input.members),
      });
      return loadServer(ctx, String(id));
    },
  }),
  deleteServer: t.boolean({
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, { id }, ctx) => {
      await ctx.services.servers.deleteServer(principalOf(ctx), ctx.meta(), String(id));
      return true;
    },
  }),
  invokeTool: t.field({
    type: 'JSON',
    description:
      'Calls a catalog tool by its id, as tools/call would (same visibility and tools.execute rule, same metrics): the upstream CallToolResult, unchanged. A JSON-RPC error the upstream answered is an UPSTREAM_REQUEST_FAILED error carrying its rpcCode.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), arguments: t.arg({ type: 'JSON' }) },
    resolve: async (_r, a, ctx) => {
      const caller = ctx.services.toolCaller;
      const tool = await caller.resolve(principalOf(ctx), { type: 'id' }, String(a.id));
      return caller.call(tool, (a.arguments ?? {}) as Record<string, unknown>, { signal: ctx.request.signal });
    },
  }),
}));
