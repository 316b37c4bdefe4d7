import { count, eq } from 'drizzle-orm';
import { serverDecider } from '../../events/servers/decide.js';
import { serverStream } from '../../events/servers/events.js';
import type { TeamAssetKind } from '../teams/assets.js';

/** Virtual servers in the refuse-or-transfer rule of team deletion. */
export const serverAssetKind: TeamAssetKind = {
  label: 'servers',
  async count(tx, schema, teamId) {
    return Number((await tx.select({ n: count() }).from(schema.servers).where(eq(schema.servers.teamId, teamId)))[0]?.n ?? 0);
  },
  async transfer(unit, schema, from, to) {
    const rows = await unit.tx.select({ id: schema.servers.id }).from(schema.servers).where(eq(schema.servers.teamId, from)).orderBy(schema.servers.id);
    for (const { id } of rows) {
      const { state, version } = await unit.load(serverStream(id), serverDecider);
      await unit.append(serverStream(id), version, serverDecider.decide({ type: 'TransferTeam', teamId: to }, state));
    }
  },
};
