import { eq } from 'drizzle-orm';
import type { Db, Schema } from '../db/types.js';
import type { Projection } from '../store/projection.js';
import type { StoredEvent } from '../store/types.js';
import { SERVER_STREAM_PREFIX, serverEventTypes, type ServerEvent, type ServerMember } from './events.js';

const serverIdOf = (stored: StoredEvent) => stored.streamId.slice(SERVER_STREAM_PREFIX.length);

async function replaceMembers(tx: Db, schema: Schema, serverId: string, members: ServerMember[]) {
  const { serverMembers } = schema;
  await tx.delete(serverMembers).where(eq(serverMembers.serverId, serverId));
  if (members.length) {
    await tx.insert(serverMembers).values(
      members.map((m, position) => ({ serverId, itemId: m.itemId, kind: m.kind, position, alias: m.alias, exposedName: m.exposedName })),
    );
  }
}

async function replaceTags(tx: Db, schema: Schema, serverId: string, tags: string[]) {
  const { serverTags } = schema;
  await tx.delete(serverTags).where(eq(serverTags.serverId, serverId));
  if (tags.length) await tx.insert(serverTags).values(tags.map((tag) => ({ serverId, tag })));
}

/** Virtual servers, their members and tags, fed by the server streams. */
export const serversProjection: Projection = {
  name: 'servers',
  tables: [
    { name: 'servers', key: ['id'] },
    { name: 'server_members', key: ['server_id', 'item_id'] },
    { name: 'server_tags', key: ['server_id', 'tag'] },
  ],
  handles: new Set(Object.keys(serverEventTypes)),
  async apply(tx, stored, { schema }) {
    const e = { type: stored.type, data: stored.data } as ServerEvent;
    const serverId = serverIdOf(stored);
    const at = stored.metadata.time;
    const { servers } = schema;
    switch (e.type) {
      case 'ServerCreated': {
        const d = e.data;
        await tx.insert(servers).values({
          id: serverId,
          name: d.name,
          description: d.description,
          teamId: d.teamId,
          ownerEmail: d.ownerEmail,
          visibility: d.visibility,
          exposure: d.exposure,
          createdBy: d.createdBy,
          createdAt: at,
          updatedAt: at,
        });
        await replaceMembers(tx, schema, serverId, d.members);
        await replaceTags(tx, schema, serverId, d.tags);
        return;
      }
      case 'ServerUpdated': {
        const { tags, ...rest } = e.data;
        await tx.update(servers).set({ ...rest, updatedAt: at }).where(eq(servers.id, serverId));
        if (tags) await replaceTags(tx, schema, serverId, tags);
        return;
      }
      case 'ServerMembersSet':
        await tx.update(servers).set({ updatedAt: at }).where(eq(servers.id, serverId));
        return replaceMembers(tx, schema, serverId, e.data.members);
      case 'ServerDeleted':
        await replaceMembers(tx, schema, serverId, []);
        await replaceTags(tx, schema, serverId, []);
        await tx.delete(servers).where(eq(servers.id, serverId));
        return;
    }
  },
};
