import { builder } from '../builder.js';
import { pageRequest } from '../paging.js';
import { NotFoundError } from '../../../events/errors.js';
import { principalOf } from './teams.js';
import type { TokenRow } from '../../tokens/commands.js';

type ListedToken = Omit<TokenRow, 'tokenHash' | 'activeName'>;

const ApiToken = builder.objectRef<ListedToken>('ApiToken').implement({
  description: 'An API token. Its secret is shown once, by createApiToken; only its SHA-256 is stored.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    ownerEmail: t.exposeString('email'),
    teamId: t.exposeID('teamId', { nullable: true }),
    serverId: t.exposeID('serverId', { nullable: true, description: 'The one virtual server it may reach (MCP surface only)' }),
    permissions: t.stringList({
      nullable: true,
      description: 'null: whatever its creator may do now (in its team); otherwise the intersection with this list',
      resolve: (tok) => (tok.permissions === null ? null : (JSON.parse(tok.permissions) as string[])),
    }),
    ipRules: t.stringList({ resolve: (tok) => JSON.parse(tok.ipRules) as string[] }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (tok) => tok.expiresAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (tok) => tok.createdAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (tok) => tok.revokedAt }),
    revokedBy: t.exposeString('revokedBy', { nullable: true }),
    revokeReason: t.exposeString('revokeReason', { nullable: true }),
  }),
});

const ApiTokenPage = builder.objectRef<{ items: ListedToken[]; nextCursor: string | null }>('ApiTokenPage').implement({
  fields: (t) => ({
    items: t.field({ type: [ApiToken], resolve: (p) => p.items }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; apiToken: ListedToken }>('CreatedApiToken').implement({
  description: 'Shown once: store the token now; it cannot be read again.',
  fields: (t) => ({
    token: t.exposeString('token'),
    apiToken: t.field({ type: ApiToken, resolve: (c) => c.apiToken }),
  }),
});

interface UsageRow {
  id: number;
  at: string;
  surface: string;
  operation: string | null;
  toolName: string | null;
  outcome: string;
  latencyMs: number;
  clientIp: string | null;
  userAgent: string | null;
}

const TokenUsageEntry = builder.objectRef<UsageRow>('TokenUsageEntry').implement({
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (u) => u.at }),
    surface: t.exposeString('surface', { description: 'graphql, mcp or rest' }),
    operation: t.exposeString('operation', { nullable: true, description: 'GraphQL operation, MCP method, or REST method and path' }),
    toolName: t.exposeString('toolName', { nullable: true }),
    outcome: t.exposeString('outcome', { description: 'ok, error or denied' }),
    latencyMs: t.exposeInt('latencyMs'),
    clientIp: t.exposeString('clientIp', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
  }),
});

const TokenUsagePage = builder
  .objectRef<{ items: UsageRow[]; nextCursor: string | null; totals: { calls: number; errors: number; lastUsedAt: string | null } }>('TokenUsagePage')
  .implement({
    fields: (t) => ({
      items: t.field({ type: [TokenUsageEntry], resolve: (p) => p.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
      calls: t.int({ description: 'All uses ever recorded', resolve: (p) => p.totals.calls }),
      errors: t.int({ description: 'Uses that failed or were denied', resolve: (p) => p.totals.errors }),
      lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.totals.lastUsedAt }),
    }),
  });

const NewApiTokenInput = builder.inputType('NewApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique among your active tokens' }),
    expiresInDays: t.int({ description: 'Omit or null for a token that never expires (refused when REQUIRE_TOKEN_EXPIRATION=true)' }),
    description: t.string(),
    teamId: t.id({ description: 'Carry your rights in this team (you must belong to it)' }),
    serverId: t.id({ description: 'Reach only this virtual server (/servers/{id}/…)' }),
    permissions: t.stringList({ description: 'Narrow the token to these permissions' }),
    ipRules: t.stringList({ description: 'Addresses or CIDR blocks it may be used from' }),
  }),
});

builder.queryFields((t) => ({
  apiTokens: t.field({
    type: ApiTokenPage,
    description: 'Your own tokens, newest first, revoked ones included',
    authScopes: { authenticated: true },
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.tokenQueries.mine(principalOf(ctx), pageRequest(a.first, a.after)),
  }),
  teamApiTokens: t.field({
    type: ApiTokenPage,
    description: "The team's tokens: for its owners (and admins and auditors)",
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.tokenQueries.ofTeam(principalOf(ctx), String(a.teamId), pageRequest(a.first, a.after)),
  }),
  allApiTokens: t.field({
    type: ApiTokenPage,
    authScopes: { permission: 'tokens.read' },
    description: 'Every token: platform admins and auditors',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => ctx.services.tokenQueries.all(pageRequest(a.first, a.after)),
  }),
  tokenUsage: t.field({
    type: TokenUsagePage,
    description: "A token's uses, oldest first, between from (inclusive) and to (exclusive)",
    authScopes: { authenticated: true },
    args: { tokenId: t.arg.id({ required: true }), from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) =>
      ctx.services.tokenQueries.usage(principalOf(ctx), String(a.tokenId), a.from ?? null, a.to ?? null, pageRequest(a.first, a.after)) as Promise<{
        items: UsageRow[];
        nextCursor: string | null;
        totals: { calls: number; errors: number; lastUsedAt: string | null };
      }>,
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: NewApiTokenInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const p = principalOf(ctx);
      const created = await ctx.services.tokens.create(p, ctx.meta(), {
        name: input.name,
        expiresInDays: input.expiresInDays ?? null,
        description: input.description,
        teamId: input.teamId ? String(input.teamId) : null,
        serverId: input.serverId ? String(input.serverId) : null,
        permissions: input.permissions ?? null,
        ipRules: input.ipRules ?? null,
      });
      const apiToken = await ctx.services.tokenQueries.visibleToken(p, created.tokenId);
      if (!apiToken) throw new NotFoundError('API token');
      return { token: created.token, apiToken };
    },
  }),
  revokeApiToken: t.boolean({
    description: 'By its owner, an owner of its team, or a platform admin; effective on the next request, open MCP sessions closed',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: async (_r, a, ctx) => {
      await ctx.services.tokens.revoke(principalOf(ctx), ctx.meta(), String(a.id), a.reason);
      return true;
    },
  }),
}));
