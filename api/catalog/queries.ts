import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import { itemTable } from '../../events/catalog/projection.js';
import { permissionDomain, type ItemKind, type Visibility } from '../../events/catalog/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { visibleTo } from '../authz/visibility.js';
import { pageOf, type PageRequest } from '../graphql/paging.js';
import { refOf } from '../gateways/access.js';
import { commonFilters, tagsOf, type ListFilter } from './filters.js';

export interface ItemFilter extends ListFilter {
  gatewayId?: string | null;
  /** active or missing; both when not given. */
  status?: 'active' | 'missing' | null;
}

/** A catalog item as the API and the MCP endpoints see it. */
export interface CatalogItemView {
  id: string;
  kind: ItemKind;
  gatewayId: string;
  /** The catalog name (prefixed for tools and prompts; the URI or URI template for resources and templates). */
  name: string;
  /** What the upstream calls it: always what is sent upstream. */
  upstreamName: string;
  displayName: string | null;
  /** The local override when set, else the upstream's. */
  description: string;
  upstreamDescription: string;
  /** The whole upstream definition (title, inputSchema, outputSchema, annotations, _meta…). */
  definition: Record<string, unknown>;
  mimeType: string | null;
  tags: string[];
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
  status: 'active' | 'missing';
  enabled: boolean;
  reachable: boolean;
  createdAt: string;
  updatedAt: string;
}

type ItemRow = ReturnType<typeof itemTable>['$inferSelect'];

/** Reads for tools, resources, resource templates and prompts; every list filters by visibility and limits in SQL. */
export function createCatalogQueries(database: Database, authz: Authz) {
  const { db, schema } = database;

  const toView = (kind: ItemKind, r: ItemRow, tags: string[]): CatalogItemView => ({
    id: r.id,
    kind,
    gatewayId: r.gatewayId,
    name: r.name,
    upstreamName: r.upstreamName,
    displayName: r.displayName,
    description: r.descriptionOverride ?? r.description,
    upstreamDescription: r.description,
    definition: JSON.parse(r.definition) as Record<string, unknown>,
    mimeType: 'mimeType' in r ? (r.mimeType ?? null) : null,
    tags,
    teamId: r.teamId,
    ownerEmail: r.ownerEmail,
    visibility: r.visibility as Visibility,
    status: r.status as CatalogItemView['status'],
    enabled: Boolean(r.enabled),
    reachable: Boolean(r.reachable),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

  function itemsQuery(kind: ItemKind, p: Principal, filter: ItemFilter, page: PageRequest) {
    const t = itemTable(schema, kind);
    return db
      .select()
      .from(t)
      .where(
        and(
          visibleTo(p, t, schema, authz),
          commonFilters(schema, { id: t.id, teamId: t.teamId, visibility: t.visibility, searchable: [t.name, t.displayName, t.description, t.descriptionOverride] }, filter),
          filter.gatewayId ? eq(t.gatewayId, filter.gatewayId) : undefined,
          filter.status ? eq(t.status, filter.status) : undefined,
        ),
      )
      .orderBy(asc(t.name), asc(t.id))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  async function views(kind: ItemKind, rows: ItemRow[]) {
    const tags = await tagsOf(db, schema, rows.map((r) => r.id));
    return rows.map((r) => toView(kind, r, tags.get(r.id) ?? []));
  }

  async function one(kind: ItemKind, p: Principal, column: 'id' | 'name', value: string): Promise<CatalogItemView | undefined> {
    const t = itemTable(schema, kind);
    const rows = await db.select().from(t).where(eq(t[column], value)).limit(1);
    const row = rows[0];
    if (!row || !authz.canSee(p, refOf(row, permissionDomain(kind)))) return undefined;
    return (await views(kind, [row]))[0];
  }

  return {
    itemsQuery,
    async items(kind: ItemKind, p: Principal, filter: ItemFilter, page: PageRequest) {
      return pageOf(await views(kind, (await itemsQuery(kind, p, filter, page)) as ItemRow[]), page);
    },
    /** One item the principal may see, or undefined: callers answer "not found". */
    item: (kind: ItemKind, p: Principal, id: string) => one(kind, p, 'id', id),
    /** By catalog name (a tool's prefixed name, a resource's URI), for the MCP endpoints. */
    itemByName: (kind: ItemKind, p: Principal, name: string) => one(kind, p, 'name', name),
  };
}

export type CatalogQueries = ReturnType<typeof createCatalogQueries>;
