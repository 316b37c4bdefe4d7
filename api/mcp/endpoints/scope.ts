import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Services } from '../../services.js';
import type { Principal } from '../../authz/principal.js';
import { itemTable } from '../../../events/catalog/projection.js';
import type { ItemKind } from '../../../events/catalog/events.js';
import { visibleTo } from '../../authz/visibility.js';
import { pageOf, pageRequest } from '../../graphql/paging.js';
import type { ResolvedTool } from '../../servers/tool-call.js';

type ItemRow = ReturnType<typeof itemTable>['$inferSelect'];

/** Items per MCP list page: a client follows nextCursor for the rest. */
export const MCP_PAGE_SIZE = 100;

export interface Listed<T> {
  items: T[];
  nextCursor?: string;
}

/** Where a resource URI, prompt or template lives upstream. */
export interface UpstreamRef {
  gatewayId: string;
  /** The upstream's own name, URI or URI template. */
  upstreamName: string;
}

/**
 * What an MCP endpoint serves: one virtual server's members, or everything the caller may see (/mcp).
 * Every method is asked with the caller's principal and answers only what they may see.
 */
export interface McpScope {
  readonly serverId: string | null;
  tools(p: Principal, cursor: string | undefined): Promise<Listed<Tool>>;
  tool(p: Principal, name: string): Promise<ResolvedTool>;
  resources(p: Principal, cursor: string | undefined): Promise<Listed<Resource>>;
  resourceTemplates(p: Principal, cursor: string | undefined): Promise<Listed<ResourceTemplate>>;
  /** A URI as clients see it → its upstream, directly or through a template member it matches. */
  resource(p: Principal, uri: string): Promise<UpstreamRef | undefined>;
  template(p: Principal, uriTemplate: string): Promise<UpstreamRef | undefined>;
  prompts(p: Principal, cursor: string | undefined): Promise<Listed<Prompt>>;
  prompt(p: Principal, name: string): Promise<UpstreamRef | undefined>;
  /** The URI a client of this scope knows an upstream resource by (resources/updated), or undefined. */
  downstreamUri(p: Principal, gatewayId: string, upstreamUri: string): Promise<string | undefined>;
}

const definitionOf = (item: ItemRow) => JSON.parse(item.definition) as Record<string, unknown>;
const cursorPage = (cursor: string | undefined) => pageRequest(MCP_PAGE_SIZE, cursor ?? null);
const listed = <T>(page: { items: T[]; nextCursor: string | null }): Listed<T> => (page.nextCursor ? { items: page.items, nextCursor: page.nextCursor } : { items: page.items });

/** An item's upstream definition with the name the client sees; a description override wins. */
function shown<T>(item: ItemRow, field: 'name' | 'uri' | 'uriTemplate', value: string): T {
  const d = definitionOf(item);
  if (item.descriptionOverride !== null) d.description = item.descriptionOverride;
  return { ...d, [field]: value } as T;
}

function matchTemplate(templates: { item: ItemRow; exposedName: string }[], uri: string): UpstreamRef | undefined {
  for (const t of templates) {
    try {
      if (new UriTemplate(t.item.upstreamName).match(uri)) return { gatewayId: t.item.gatewayId, upstreamName: uri };
    } catch {
      // An upstream template the SDK cannot parse matches nothing.
    }
  }
  return undefined;
}

/** The members of one virtual server. */
export function serverScope(services: Services, serverId: string): McpScope {
  const q = services.serverQueries;
  const page = async (p: Principal, kind: ItemKind, cursor: string | undefined) => q.members(p, serverId, kind, cursorPage(cursor), true);
  const allTemplates = async (p: Principal) => (await q.members(p, serverId, 'resourceTemplates', pageRequest(200, null), true)).items;
  return {
    serverId,
    async tools(p, cursor) {
      const members = await page(p, 'tools', cursor);
      return listed({ items: members.items.filter((m) => q.canExecute(p, m.item)).map((m) => shown<Tool>(m.item, 'name', m.exposedName)), nextCursor: members.nextCursor });
    },
    tool: (p, name) => services.toolCaller.resolve(p, { type: 'server', serverId }, name),
    async resources(p, cursor) {
      const members = await page(p, 'resources', cursor);
      return listed({ items: members.items.map((m) => shown<Resource>(m.item, 'uri', m.exposedName)), nextCursor: members.nextCursor });
    },
    async resourceTemplates(p, cursor) {
      const members = await page(p, 'resourceTemplates', cursor);
      return listed({ items: members.items.map((m) => shown<ResourceTemplate>(m.item, 'uriTemplate', m.exposedName)), nextCursor: members.nextCursor });
    },
    async resource(p, uri) {
      const direct = await q.memberByName(p, serverId, 'resources', uri);
      if (direct) return { gatewayId: direct.item.gatewayId, upstreamName: direct.item.upstreamName };
      return matchTemplate(await allTemplates(p), uri);
    },
    async template(p, uriTemplate) {
      const m = await q.memberByName(p, serverId, 'resourceTemplates', uriTemplate);
      return m ? { gatewayId: m.item.gatewayId, upstreamName: m.item.upstreamName } : undefined;
    },
    async prompts(p, cursor) {
      const members = await page(p, 'prompts', cursor);
      return listed({ items: members.items.map((m) => shown<Prompt>(m.item, 'name', m.exposedName)), nextCursor: members.nextCursor });
    },
    async prompt(p, name) {
      const m = await q.memberByName(p, serverId, 'prompts', name);
      return m ? { gatewayId: m.item.gatewayId, upstreamName: m.item.upstreamName } : undefined;
    },
    async downstreamUri(p, gatewayId, upstreamUri) {
      const direct = await q.memberByName(p, serverId, 'resources', upstreamUri);
      if (direct?.item.gatewayId === gatewayId) return upstreamUri;
      return matchTemplate((await allTemplates(p)).filter((t) => t.item.gatewayId === gatewayId), upstreamUri) ? upstreamUri : undefined;
    },
  };
}

/**
 * A resource URI that two visible upstreams share is shown gateway-qualified, `gateway+<gatewayId>:<uri>`,
 * and mapped back on read.
 */
const QUALIFIED = /^gateway\+([^:]+):(.+)$/s;
export const qualifiedUri = (gatewayId: string, uri: string) => `gateway+${gatewayId}:${uri}`;

/** Everything the caller may see in the catalog: the /mcp endpoint. Catalog names throughout. */
export function catalogScope(services: Services): McpScope {
  const { db, schema } = services.database;
  const { authz } = services;
  const q = services.serverQueries;

  async function items(p: Principal, kind: ItemKind, cursor: string | undefined) {
    const t = itemTable(schema, kind);
    const req = cursorPage(cursor);
    const rows = await db
      .select()
      .from(t)
      .where(and(visibleTo(p, t, schema, authz), eq(t.status, 'active'), eq(t.enabled, true)))
      .orderBy(asc(t.name), asc(t.id))
      .limit(req.limit + 1)
      .offset(req.offset);
    return pageOf(rows as ItemRow[], req);
  }

  /** Which of these URIs more than one visible upstream offers. */
  async function shared(p: Principal, uris: string[]): Promise<Set<string>> {
    if (!uris.length) return new Set();
    const t = schema.resources;
    const rows = await db
      .select({ name: t.name })
      .from(t)
      .where(and(visibleTo(p, t, schema, authz), eq(t.status, 'active'), eq(t.enabled, true), inArray(t.name, uris)))
      .groupBy(t.name)
      .having(sql`count(*) > 1`);
    return new Set(rows.map((r) => r.name));
  }

  const callable = (row: ItemRow | undefined) => (row && row.status === 'active' && row.enabled ? row : undefined);
  const ref = (row: ItemRow | undefined): UpstreamRef | undefined => (row ? { gatewayId: row.gatewayId, upstreamName: row.upstreamName } : undefined);

  async function byUri(p: Principal, uri: string): Promise<ItemRow | undefined> {
    const t = schema.resources;
    const qualified = QUALIFIED.exec(uri);
    const where = qualified ? and(eq(t.gatewayId, qualified[1]), eq(t.name, qualified[2])) : eq(t.name, uri);
    const rows = await db.select().from(t).where(and(where, visibleTo(p, t, schema, authz), eq(t.status, 'active'), eq(t.enabled, true))).limit(2);
    // An unqualified URI that two upstreams share is ambiguous: the client was shown qualified ones.
    return rows.length === 1 ? (rows[0] as ItemRow) : undefined;
  }

  async function templates(p: Principal) {
    const t = schema.resourceTemplates;
    const rows = await db.select().from(t).where(and(visibleTo(p, t, schema, authz), eq(t.status, 'active'), eq(t.enabled, true))).orderBy(asc(t.name)).limit(200);
    return (rows as ItemRow[]).map((item) => ({ item, exposedName: item.name }));
  }

  return {
    serverId: null,
    async tools(p, cursor) {
      const page = await items(p, 'tools', cursor);
      return listed({ items: page.items.filter((i) => q.canExecute(p, i)).map((i) => shown<Tool>(i, 'name', i.name)), nextCursor: page.nextCursor });
    },
    tool: (p, name) => services.toolCaller.resolve(p, { type: 'all' }, name),
    async resources(p, cursor) {
      const page = await items(p, 'resources', cursor);
      const dup = await shared(p, page.items.map((i) => i.name));
      return listed({ items: page.items.map((i) => shown<Resource>(i, 'uri', dup.has(i.name) ? qualifiedUri(i.gatewayId, i.name) : i.name)), nextCursor: page.nextCursor });
    },
    async resourceTemplates(p, cursor) {
      const page = await items(p, 'resourceTemplates', cursor);
      return listed({ items: page.items.map((i) => shown<ResourceTemplate>(i, 'uriTemplate', i.name)), nextCursor: page.nextCursor });
    },
    async resource(p, uri) {
      const direct = await byUri(p, uri);
      if (direct) return ref(direct);
      return matchTemplate(await templates(p), uri);
    },
    template: async (p, uriTemplate) => ref(callable(await q.catalogItem(p, 'resourceTemplates', 'name', uriTemplate))),
    async prompts(p, cursor) {
      const page = await items(p, 'prompts', cursor);
      return listed({ items: page.items.map((i) => shown<Prompt>(i, 'name', i.name)), nextCursor: page.nextCursor });
    },
    prompt: async (p, name) => ref(callable(await q.catalogItem(p, 'prompts', 'name', name))),
    async downstreamUri(p, gatewayId, upstreamUri) {
      const dup = await shared(p, [upstreamUri]);
      return dup.has(upstreamUri) ? qualifiedUri(gatewayId, upstreamUri) : upstreamUri;
    },
  };
}
