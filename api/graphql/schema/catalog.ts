import { builder } from '../builder.js';
import { pageRequest } from '../paging.js';
import { NotFoundError } from '../../../events/errors.js';
import { permissionDomain, type ItemKind } from '../../../events/catalog/events.js';
import type { CatalogItemView } from '../../catalog/queries.js';
import { refOf } from '../../gateways/access.js';
import type { GraphQLContext } from '../context.js';
import { principalOf } from './teams.js';
import { visibilityListArgs, visibilityListFilter } from '../list-args.js';
import { CatalogVisibility } from '../list-args.js';

const ItemStatus = builder.enumType('CatalogItemStatus', {
  description: 'active, or missing: the upstream stopped offering it (kept and shown, not callable; it returns when offered again)',
  values: ['active', 'missing'] as const,
});

type Fields = Parameters<NonNullable<Parameters<ReturnType<typeof builder.objectRef<CatalogItemView>>['implement']>[0]['fields']>>[0];

/** The fields every kind shares: identity, local overrides, ownership and state. */
const common = (t: Fields) => ({
  id: t.exposeID('id'),
  gatewayId: t.exposeID('gatewayId'),
  name: t.exposeString('name', { description: 'The catalog name' }),
  upstreamName: t.exposeString('upstreamName', { description: 'What the upstream calls it; always what is sent upstream' }),
  displayName: t.exposeString('displayName', { nullable: true, description: 'Local override' }),
  description: t.exposeString('description', { description: 'The local override when set, else the upstream description' }),
  upstreamDescription: t.exposeString('upstreamDescription'),
  definition: t.field({ type: 'JSON', description: 'The whole definition as the upstream sent it', resolve: (i) => i.definition }),
  tags: t.exposeStringList('tags'),
  teamId: t.exposeID('teamId'),
  ownerEmail: t.exposeString('ownerEmail'),
  visibility: t.field({ type: CatalogVisibility, resolve: (i) => i.visibility }),
  status: t.field({ type: ItemStatus, resolve: (i) => i.status }),
  enabled: t.exposeBoolean('enabled'),
  reachable: t.exposeBoolean('reachable', { description: 'False while its gateway is unreachable' }),
  createdAt: t.field({ type: 'DateTime', resolve: (i) => i.createdAt }),
  updatedAt: t.field({ type: 'DateTime', resolve: (i) => i.updatedAt }),
});

const def = (i: CatalogItemView, key: string) => (i.definition[key] === undefined ? null : i.definition[key]);

const KINDS: { kind: ItemKind; type: string; list: string; one: string; extra: (t: Fields) => Record<string, unknown> }[] = [
  {
    kind: 'tools',
    type: 'Tool',
    list: 'tools',
    one: 'tool',
    extra: (t) => ({
      title: t.field({ type: 'String', nullable: true, resolve: (i) => def(i, 'title') as string | null }),
      inputSchema: t.field({ type: 'JSON', resolve: (i) => def(i, 'inputSchema') }),
      outputSchema: t.field({ type: 'JSON', nullable: true, resolve: (i) => def(i, 'outputSchema') }),
      annotations: t.field({ type: 'JSON', nullable: true, resolve: (i) => def(i, 'annotations') }),
    }),
  },
  {
    kind: 'resources',
    type: 'Resource',
    list: 'resources',
    one: 'resource',
    extra: (t) => ({ uri: t.exposeString('upstreamName'), mimeType: t.exposeString('mimeType', { nullable: true }) }),
  },
  {
    kind: 'resourceTemplates',
    type: 'ResourceTemplate',
    list: 'resourceTemplates',
    one: 'resourceTemplate',
    extra: (t) => ({ uriTemplate: t.exposeString('upstreamName'), mimeType: t.exposeString('mimeType', { nullable: true }) }),
  },
  {
    kind: 'prompts',
    type: 'Prompt',
    list: 'prompts',
    one: 'prompt',
    extra: (t) => ({ arguments: t.field({ type: 'JSON', nullable: true, resolve: (i) => def(i, 'arguments') }) }),
  },
];

async function loadItem(ctx: GraphQLContext, kind: ItemKind, id: string): Promise<CatalogItemView> {
  const item = await ctx.services.catalogQueries.item(kind, principalOf(ctx), id);
  if (!item) throw new NotFoundError('Catalog item');
  return item;
}

for (const { kind, type, list, one, extra } of KINDS) {
  const domain = permissionDomain(kind);
  const Item = builder.objectRef<CatalogItemView>(type).implement({
    // The backstop: lists are filtered in SQL, and an item nobody should see never resolves.
    authScopes: (i, ctx) => ctx.services.authz.canSee(ctx.principal, refOf(i, domain)),
    fields: (t) => ({ ...common(t), ...(extra(t) as object) }) as ReturnType<typeof common>,
  });
  const Page = builder.objectRef<{ items: CatalogItemView[]; nextCursor: string | null }>(`${type}Page`).implement({
    fields: (t) => ({
      items: t.field({ type: [Item], resolve: (p) => p.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });

  builder.queryFields((t) => ({
    [list]: t.field({
      type: Page,
      description: `${type}s you may see, filtered and paged`,
      authScopes: { authenticated: true },
      args: {
        ...visibilityListArgs(t),
        gateway: t.arg.id({ description: 'Only items of this gateway' }),
        status: t.arg({ type: ItemStatus }),
      },
      resolve: (_r, a, ctx) =>
        ctx.services.catalogQueries.items(
          kind,
          principalOf(ctx),
          { ...visibilityListFilter(a), gatewayId: a.gateway ? String(a.gateway) : null, status: a.status },
          pageRequest(a.first, a.after),
        ),
    }),
    [one]: t.field({
      type: Item,
      authScopes: { authenticated: true },
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, a, ctx) => loadItem(ctx, kind, String(a.id)),
    }),
  }));

  builder.mutationFields((t) => ({
    [`update${type}`]: t.field({
      type: Item,
      description: 'Local changes; they survive every re-sync. A null displayName or description clears the override',
      authScopes: { authenticated: true },
      args: {
        id: t.arg.id({ required: true }),
        displayName: t.arg.string(),
        description: t.arg.string(),
        tags: t.arg.stringList(),
        teamId: t.arg.id(),
        visibility: t.arg({ type: CatalogVisibility }),
      },
      resolve: async (_r, a, ctx) => {
        const { id, ...input } = a;
        await ctx.services.catalog.updateItem(principalOf(ctx), ctx.meta(), kind, String(id), { ...input, teamId: input.teamId ? String(input.teamId) : null });
        return loadItem(ctx, kind, String(id));
      },
    }),
    [`set${type}Enabled`]: t.field({
      type: Item,
      authScopes: { authenticated: true },
      args: { id: t.arg.id({ required: true }), enabled: t.arg.boolean({ required: true }) },
      resolve: async (_r, a, ctx) => {
        await ctx.services.catalog.setItemEnabled(principalOf(ctx), ctx.meta(), kind, String(a.id), a.enabled);
        return loadItem(ctx, kind, String(a.id));
      },
    }),
  }));
}
