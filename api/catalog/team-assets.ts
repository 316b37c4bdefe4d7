import { count, eq } from 'drizzle-orm';
import type { Db, Schema } from '../../events/db/types.js';
import type { UnitOfWork } from '../../events/store/store.js';
import { gatewayDecider } from '../../events/gateways/decide.js';
import { gatewayStream } from '../../events/gateways/events.js';
import { itemTable } from '../../events/catalog/projection.js';
import type { ItemKind } from '../../events/catalog/events.js';
import type { TeamAssetKind } from '../teams/assets.js';

/** Every gateway stream holding something of the team: its own gateways, or items moved into it. */
async function streamsHolding(tx: Db, schema: Schema, teamId: string, gateways: boolean, kinds: readonly ItemKind[]): Promise<string[]> {
  const ids = new Set<string>();
  if (gateways) for (const r of await tx.select({ id: schema.gateways.id }).from(schema.gateways).where(eq(schema.gateways.teamId, teamId))) ids.add(r.id);
  for (const kind of kinds) {
    const t = itemTable(schema, kind);
    for (const r of await tx.selectDistinct({ id: t.gatewayId }).from(t).where(eq(t.teamId, teamId))) ids.add(r.id);
  }
  return [...ids].sort();
}

function assetKind(label: string, gateways: boolean, kinds: readonly ItemKind[]): TeamAssetKind {
  return {
    label,
    async count(tx, schema, teamId) {
      let n = 0;
      if (gateways) n += Number((await tx.select({ n: count() }).from(schema.gateways).where(eq(schema.gateways.teamId, teamId)))[0]?.n ?? 0);
      for (const kind of kinds) {
        const t = itemTable(schema, kind);
        n += Number((await tx.select({ n: count() }).from(t).where(eq(t.teamId, teamId)))[0]?.n ?? 0);
      }
      return n;
    },
    async transfer(unit: UnitOfWork, schema, from, to) {
      for (const gatewayId of await streamsHolding(unit.tx, schema, from, gateways, kinds)) {
        const stream = gatewayStream(gatewayId);
        const { state, version } = await unit.load(stream, gatewayDecider);
        await unit.append(stream, version, gatewayDecider.decide({ type: 'TransferTeam', from, to, gateway: gateways, kinds }, state));
      }
    },
  };
}

/** The catalog's part of the refuse-or-transfer rule of team deletion; labels are permission domains. */
export const catalogAssetKinds: TeamAssetKind[] = [
  assetKind('gateways', true, []),
  assetKind('tools', false, ['tools']),
  assetKind('resources', false, ['resources', 'resourceTemplates']),
  assetKind('prompts', false, ['prompts']),
];
