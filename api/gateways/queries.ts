import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { Visibility } from '../../events/catalog/events.js';
import type { GatewayAuthType, GatewayTransport } from '../../events/gateways/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { visibleTo } from '../authz/visibility.js';
import { pageOf, type PageRequest } from '../graphql/paging.js';
import { commonFilters, tagsOf, type ListFilter } from '../catalog/filters.js';
import { refOf } from './access.js';

/** A gateway as the API shows it: never its credentials, only whether it has some. */
export interface GatewayView {
  id: string;
  name: string;
  slug: string;
  description: string;
  tags: string[];
  teamId: string;
  ownerEmail: string;
  visibility: Visibility;
  transport: GatewayTransport;
  url: string | null;
  command: string | null;
  args: string[];
  authType: GatewayAuthType;
  hasCredentials: boolean;
  enabled: boolean;
  reachable: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  serverName: string;
  serverVersion: string;
  instructions: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Reads for gateways; every list filters by visibility and limits in SQL (the builder is exported for the SQL test). */
export function createGatewayQueries(database: Database, authz: Authz) {
  const { db, schema } = database;
  const { gateways } = schema;

  const toView = (r: typeof gateways.$inferSelect, tags: string[]): GatewayView => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    tags,
    teamId: r.teamId,
    ownerEmail: r.ownerEmail,
    visibility: r.visibility as Visibility,
    transport: r.transport as GatewayTransport,
    url: r.url,
    command: r.command,
    args: JSON.parse(r.args) as string[],
    authType: r.authType as GatewayAuthType,
    hasCredentials: r.credentials !== null,
    enabled: Boolean(r.enabled),
    reachable: Boolean(r.reachable),
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt,
    serverName: r.serverName,
    serverVersion: r.serverVersion,
    instructions: r.instructions,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

  function gatewaysQuery(p: Principal, filter: ListFilter, page: PageRequest) {
    return db
      .select()
      .from(gateways)
      .where(
        and(
          visibleTo(p, gateways, schema, authz),
          commonFilters(schema, { id: gateways.id, teamId: gateways.teamId, visibility: gateways.visibility, searchable: [gateways.name, gateways.description] }, filter),
        ),
      )
      .orderBy(asc(gateways.name), asc(gateways.id))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  return {
    gatewaysQuery,
    async gateways(p: Principal, filter: ListFilter, page: PageRequest) {
      const rows = await gatewaysQuery(p, filter, page);
      const tags = await tagsOf(db, schema, rows.map((r) => r.id));
      return pageOf(rows.map((r) => toView(r, tags.get(r.id) ?? [])), page);
    },
    /** A gateway the principal may see, or undefined: callers answer "not found". */
    async gateway(p: Principal, id: string): Promise<GatewayView | undefined> {
      const [row] = await db.select().from(gateways).where(eq(gateways.id, id)).limit(1);
      if (!row || !authz.canSee(p, refOf(row, 'gateways'))) return undefined;
      return toView(row, (await tagsOf(db, schema, [id])).get(id) ?? []);
    },
  };
}

export type GatewayQueries = ReturnType<typeof createGatewayQueries>;
