import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, Db, Schema } from '../../events/db/types.js';
import { itemTable } from '../../events/catalog/projection.js';
import { permissionDomain, type ItemKind, type Visibility } from '../../events/catalog/events.js';
import type { NameExposure } from '../../events/servers/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { visibleTo } from '../authz/visibility.js';
import { pageOf, type PageRequest } from '../graphql/paging.js';
import { createReadCache } from './read-cache.js';
import { refOf } from '../gateways/access.js';
import { searchIn } from '../catalog/filters.js';
import { findServer, type ServerRow } from './commands.js';

export interface ServerView {
  id: string;
  name: string;
  description: string;
  tags: string[];
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
  exposure: NameExposure;
  createdAt: string;
  updatedAt: string;
}

export interface ServerFilter {
  teamId?: string | null;
  visibility?: Visibility | null;
  tag?: string | null;
  search?: string | null;
}

type ItemRow = ReturnType<typeof itemTable>['$inferSelect'];

/** A member as a caller of the server sees it. */
export interface MemberView {
  kind: ItemKind;
  /** The name clients use: alias, upstream name (upstream exposure) or catalog name; a resource's URI. */
  exposedName: string;
  alias: string | null;
  item: ItemRow;
}

async function tagsOf(db: Db, schema: Schema, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const { serverTags } = schema;
  for (const r of await db.select().from(serverTags).where(inArray(serverTags.serverId, ids)).orderBy(serverTags.tag)) {
    out.set(r.serverId, [...(out.get(r.serverId) ?? []), r.tag]);
  }
  return out;
}

/**
 * Reads of virtual servers and their members. Every list is filtered in SQL: servers by the visibility
 * predicate, members by the same predicate over the member's own catalog row (a caller sees a member only
 * when they see both), with a LIMIT.
 */
export function createServerQueries(database: Database, authz: Authz) {
  const { db, schema } = database;
  const { servers, serverMembers, serverTags } = schema;
  const cache = createReadCache();

  const toView = (r: ServerRow, tags: string[]): ServerView => ({
    id: r.id,
    name: r.name,
    description: r.description,
    tags,
    teamId: r.teamId,
    ownerEmail: r.ownerEmail,
    visibility: r.visibility as Visibility,
    exposure: r.exposure as NameExposure,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

  function serversQuery(p: Principal, filter: ServerFilter, page: PageRequest) {
    const tag = filter.tag?.trim().toLowerCase();
    return db
      .select()
      .from(servers)
      .where(
        and(
          visibleTo(p, servers, schema, authz),
          filter.teamId ? eq(servers.teamId, filter.teamId) : undefined,
          filter.visibility ? eq(servers.visibility, filter.visibility) : undefined,
          tag ? inArray(servers.id, sql`(select ${serverTags.serverId} from ${serverTags} where ${serverTags.tag} = ${tag})`) : undefined,
          searchIn([servers.id, servers.name, servers.description], filter.search),
        ),
      )
      .orderBy(asc(servers.name), asc(servers.id))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  /** The name clients see a member by, in SQL: what lookups by name compare with. */
  const exposedName = (t: ReturnType<typeof itemTable>) => sql<string>`coalesce(${serverMembers.exposedName}, ${t.name})`;

  function membersQuery(p: Principal, serverId: string, kind: ItemKind, options: { callableOnly: boolean; name?: string }, page: PageRequest) {
    const t = itemTable(schema, kind);
    const conditions: (SQL | undefined)[] = [
      eq(serverMembers.serverId, serverId),
      eq(serverMembers.kind, kind),
      visibleTo(p, t, schema, authz),
      options.callableOnly ? and(eq(t.status, 'active'), eq(t.enabled, true)) : undefined,
      options.name !== undefined ? sql`${exposedName(t)} = ${options.name}` : undefined,
    ];
    return db
      .select({ item: t, alias: serverMembers.alias, exposedName: exposedName(t) })
      .from(serverMembers)
      .innerJoin(t, eq(t.id, serverMembers.itemId))
      .where(and(...conditions))
      .orderBy(asc(serverMembers.position))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  const toMember = (kind: ItemKind) => (r: { item: ItemRow; alias: string | null; exposedName: string }): MemberView => ({ kind, exposedName: r.exposedName, alias: r.alias, item: r.item });

  return {
    serversQuery,
    membersQuery,
    async servers(p: Principal, filter: ServerFilter, page: PageRequest) {
      const rows = (await serversQuery(p, filter, page)) as ServerRow[];
      const tags = await tagsOf(db, schema, rows.map((r) => r.id));
      return pageOf(rows.map((r) => toView(r, tags.get(r.id) ?? [])), page);
    },
    /** One server the principal may see, or undefined: callers answer "not found". */
    async server(p: Principal, id: string): Promise<ServerView | undefined> {
      const found = await cache.get(`server\u0000${id}`, async () => {
        const row = await findServer(db, schema, id);
        return row ? { row, tags: (await tagsOf(db, schema, [id])).get(id) ?? [] } : undefined;
      });
      if (!found || !authz.canSee(p, refOf(found.row, 'servers'))) return undefined;
      return toView(found.row, found.tags);
    },
    /** A page of the server's members of one kind that the principal sees; `callableOnly` leaves out missing and disabled items. */
    async members(p: Principal, serverId: string, kind: ItemKind, page: PageRequest, callableOnly = false) {
      const rows = await membersQuery(p, serverId, kind, { callableOnly }, page);
      return pageOf(rows.map(toMember(kind)), page);
    },
    /** The callable member clients call `name` (a tool or prompt name, a resource URI), or undefined. */
    async memberByName(p: Principal, serverId: string, kind: ItemKind, name: string): Promise<MemberView | undefined> {
      return cache.get(`member\u0000${p.userId}\u0000${serverId}\u0000${kind}\u0000${name}`, async () => {
        const [row] = await membersQuery(p, serverId, kind, { callableOnly: true, name }, { limit: 1, offset: 0 });
        return row ? toMember(kind)(row) : undefined;
      });
    },
    /** A catalog item the principal sees, by id or catalog name (the /mcp endpoint and invokeTool), or undefined. */
    async catalogItem(p: Principal, kind: ItemKind, column: 'id' | 'name', value: string): Promise<ItemRow | undefined> {
      return cache.get(`item\u0000${p.userId}\u0000${kind}\u0000${column}\u0000${value}`, async () => {
        const t = itemTable(schema, kind);
        const [row] = await db.select().from(t).where(and(eq(t[column], value), visibleTo(p, t, schema, authz))).limit(1);
        return row;
      });
    },
    /** Called on every commit: what the hot path remembered may have changed. */
    forget: () => cache.clear(),
    /** Whether the principal may run the tool: the same rule tools/list filters by. */
    canExecute: (p: Principal, item: ItemRow) => authz.can(p, 'tools.execute', refOf(item, permissionDomain('tools'))),
  };
}

export type ServerQueries = ReturnType<typeof createServerQueries>;
