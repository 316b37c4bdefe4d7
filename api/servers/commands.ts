import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db, Schema } from '../../events/db/types.js';
import type { EventStore, UnitOfWork } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { itemTable } from '../../events/catalog/projection.js';
import { permissionDomain, type Visibility } from '../../events/catalog/events.js';
import { serverDecider, type MemberFacts } from '../../events/servers/decide.js';
import { serverStream, type NameExposure, type ServerFacts } from '../../events/servers/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { refOf, requirePermission, requireVisible, targetTeam } from '../gateways/access.js';
import { checkName, checkTags, checkText, checkVisibility } from '../gateways/input.js';
import { checkExposure, checkMembers, checkServerId, type MemberInput } from './input.js';

export interface CreateServerInput {
  id?: string | null;
  name: unknown;
  description?: unknown;
  tags?: unknown;
  teamId?: string | null;
  visibility?: Visibility | null;
  exposure?: NameExposure | null;
  members?: unknown;
}

export type UpdateServerInput = Partial<Omit<CreateServerInput, 'id'>>;

export type ServerRow = typeof import('../../drizzle/pg/schema.js').servers.$inferSelect;

export async function findServer(tx: Db, schema: Schema, id: string): Promise<ServerRow | undefined> {
  return (await tx.select().from(schema.servers).where(eq(schema.servers.id, id)).limit(1))[0];
}

/**
 * Reads each member from the catalog, in the command's transaction. With `visibleTo`, a member the principal
 * cannot see is "not found", exactly like an id that does not exist; without it (members already in the
 * server, kept as they are) an item that has left the catalog is dropped.
 */
async function resolveMembers(tx: Db, schema: Schema, members: MemberInput[], visibleTo: { authz: Authz; p: Principal } | null): Promise<MemberFacts[]> {
  const out: MemberFacts[] = [];
  for (const m of members) {
    const t = itemTable(schema, m.kind);
    const [row] = await tx.select().from(t).where(eq(t.id, m.itemId)).limit(1);
    if (visibleTo) requireVisible(visibleTo.authz, visibleTo.p, row, `Catalog item ${m.itemId} (${m.kind})`, permissionDomain(m.kind));
    if (!row) continue;
    out.push({
      kind: m.kind,
      itemId: row.id,
      alias: m.alias ?? null,
      catalogName: row.name,
      upstreamName: row.upstreamName,
      teamId: row.teamId,
      ownerEmail: row.ownerEmail,
      visibility: row.visibility as Visibility,
    });
  }
  return out;
}

/** The server's current members as inputs, in order (an update that leaves them alone re-checks them). */
export async function currentMembers(tx: Db, schema: Schema, serverId: string): Promise<MemberInput[]> {
  const { serverMembers } = schema;
  const rows = await tx.select().from(serverMembers).where(eq(serverMembers.serverId, serverId)).orderBy(asc(serverMembers.position));
  return rows.map((r) => ({ kind: r.kind as MemberInput['kind'], itemId: r.itemId, alias: r.alias }));
}

export interface ServerCommandsDeps {
  store: EventStore;
  authz: Authz;
}

export function createServerCommands({ store, authz }: ServerCommandsDeps) {
  const { schema } = store.database;

  async function visibleServer(tx: Db, p: Principal, id: string, permission: string): Promise<ServerRow> {
    const row = requireVisible(authz, p, await findServer(tx, schema, id), 'Server', 'servers');
    requirePermission(authz, p, permission, refOf(row, 'servers'));
    return row;
  }

  async function decideAndAppend(unit: UnitOfWork, serverId: string, command: Parameters<typeof serverDecider.decide>[0]) {
    const stream = serverStream(serverId);
    const { state, version } = await unit.load(stream, serverDecider);
    return unit.append(stream, version, serverDecider.decide(command, state));
  }

  return {
    /** Creates a virtual server over catalog items the principal can see; returns its id (the custom one when given). */
    async createServer(p: Principal, meta: RequestMeta, input: CreateServerInput): Promise<string> {
      const serverId = input.id === undefined || input.id === null ? randomUUID() : checkServerId(input.id);
      const name = checkName(input.name);
      const description = checkText(input.description, 'description');
      const tags = checkTags(input.tags);
      const visibility = checkVisibility(input.visibility, 'private');
      const exposure = checkExposure(input.exposure, 'catalog');
      const members = checkMembers(input.members);
      await store.transact(meta, async (unit) => {
        const teamId = await targetTeam(unit.tx, schema, authz, p, input.teamId, 'servers');
        const facts: ServerFacts = { name, description, tags, teamId, ownerEmail: p.email, visibility, exposure };
        const resolved = await resolveMembers(unit.tx, schema, members, { authz, p });
        await decideAndAppend(unit, serverId, { type: 'CreateServer', serverId, facts, createdBy: p.userId, members: resolved });
      });
      return serverId;
    },

    /** Changes settings and, when `members` is given, replaces the member list; audience and names are re-checked. */
    async updateServer(p: Principal, meta: RequestMeta, serverId: string, input: UpdateServerInput): Promise<void> {
      const change: Partial<ServerFacts> = {};
      if (input.name !== undefined && input.name !== null) change.name = checkName(input.name);
      if (input.description !== undefined && input.description !== null) change.description = checkText(input.description, 'description');
      if (input.tags !== undefined && input.tags !== null) change.tags = checkTags(input.tags);
      if (input.visibility) change.visibility = checkVisibility(input.visibility, 'private');
      if (input.exposure) change.exposure = checkExposure(input.exposure, 'catalog');
      const members = input.members === undefined || input.members === null ? null : checkMembers(input.members);
      await store.transact(meta, async (unit) => {
        const row = await visibleServer(unit.tx, p, serverId, 'servers.update');
        if (input.teamId && input.teamId !== row.teamId) change.teamId = await targetTeam(unit.tx, schema, authz, p, input.teamId, 'servers');
        const resolved = members ? await resolveMembers(unit.tx, schema, members, { authz, p }) : await resolveMembers(unit.tx, schema, await currentMembers(unit.tx, schema, serverId), null);
        await decideAndAppend(unit, serverId, { type: 'UpdateServer', change, members: resolved });
      });
    },

    async deleteServer(p: Principal, meta: RequestMeta, serverId: string): Promise<void> {
      await store.transact(meta, async (unit) => {
        await visibleServer(unit.tx, p, serverId, 'servers.delete');
        await decideAndAppend(unit, serverId, { type: 'DeleteServer' });
      });
    },
  };
}

export type ServerCommands = ReturnType<typeof createServerCommands>;
