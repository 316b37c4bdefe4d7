import { eq } from 'drizzle-orm';
import type { Db, Schema } from '../db/types.js';
import type { StoredEvent } from '../store/types.js';
import type { GatewayEvent } from './events.js';
import { replaceTags } from '../catalog/tags.js';

/** The `gateways` row of one gateway stream (the catalog projection calls this for gateway events). */
export async function applyGatewayEvent(tx: Db, schema: Schema, stored: StoredEvent<GatewayEvent>): Promise<void> {
  const { gateways } = schema;
  const e = { type: stored.type, data: stored.data } as GatewayEvent;
  const id = stored.streamId.slice('gateway-'.length);
  const at = stored.metadata.time;
  const update = (values: Partial<typeof gateways.$inferInsert>) => tx.update(gateways).set({ ...values, updatedAt: at }).where(eq(gateways.id, id));
  switch (e.type) {
    case 'GatewayRegistered': {
      const d = e.data;
      await tx.insert(gateways).values({
        id,
        name: d.name,
        slug: d.slug,
        description: d.description,
        teamId: d.teamId,
        ownerEmail: d.ownerEmail,
        visibility: d.visibility,
        transport: d.transport,
        url: d.url,
        command: d.command,
        args: JSON.stringify(d.args),
        authType: d.authType,
        credentials: d.credentials,
        enabled: true,
        reachable: true,
        lastError: null,
        lastErrorAt: null,
        serverName: d.server.name,
        serverVersion: d.server.version,
        instructions: d.server.instructions,
        createdBy: d.createdBy,
        createdAt: at,
        updatedAt: at,
      });
      await replaceTags(tx, schema, id, d.tags);
      return;
    }
    case 'GatewayUpdated': {
      const { tags, args, ...rest } = e.data;
      await update({ ...rest, ...(args ? { args: JSON.stringify(args) } : {}) });
      if (tags) await replaceTags(tx, schema, id, tags);
      return;
    }
    case 'GatewayEnabledChanged':
      return void (await update({ enabled: e.data.enabled }));
    case 'GatewayHealthChanged':
      return void (await update(
        e.data.status === 'reachable' ? { reachable: true } : { reachable: false, lastError: e.data.lastError, lastErrorAt: e.data.at },
      ));
    case 'GatewayDeleted':
      await tx.delete(gateways).where(eq(gateways.id, id));
      await replaceTags(tx, schema, id, []);
      return;
  }
}
