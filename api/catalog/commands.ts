import { eq } from 'drizzle-orm';
import type { Db } from '../../events/db/types.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { gatewayDecider } from '../../events/gateways/decide.js';
import { gatewayStream } from '../../events/gateways/events.js';
import type { ItemCommand } from '../../events/catalog/decide.js';
import { itemTable } from '../../events/catalog/projection.js';
import { permissionDomain, type ItemKind, type Visibility } from '../../events/catalog/events.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { refOf, requirePermission, requireVisible, targetTeam } from '../gateways/access.js';
import { checkName, checkTags, checkText, checkVisibility } from '../gateways/input.js';

export interface UpdateItemInput {
  /** null clears the local display name. */
  displayName?: unknown;
  /** null clears the local description, so the upstream's shows again. */
  description?: unknown;
  tags?: unknown;
  teamId?: string | null;
  visibility?: Visibility | null;
}

/** Local changes to catalog items; they live in the item's gateway stream and survive every re-sync. */
export function createCatalogCommands({ store, authz }: { store: EventStore; authz: Authz }) {
  const { schema } = store.database;

  async function visibleItem(tx: Db, p: Principal, kind: ItemKind, id: string) {
    const t = itemTable(schema, kind);
    const [row] = await tx.select().from(t).where(eq(t.id, id)).limit(1);
    const domain = permissionDomain(kind);
    const item = requireVisible(authz, p, row, 'Catalog item', domain);
    requirePermission(authz, p, `${domain}.update`, refOf(item, domain));
    return item;
  }

  async function run(meta: RequestMeta, p: Principal, kind: ItemKind, id: string, command: (tx: Db) => Promise<ItemCommand>) {
    await store.transact(meta, async (unit) => {
      const item = await visibleItem(unit.tx, p, kind, id);
      const c = await command(unit.tx);
      const stream = gatewayStream(item.gatewayId);
      const { state, version } = await unit.load(stream, gatewayDecider);
      return unit.append(stream, version, gatewayDecider.decide(c, state));
    });
  }

  return {
    async updateItem(p: Principal, meta: RequestMeta, kind: ItemKind, id: string, input: UpdateItemInput): Promise<void> {
      const displayName = input.displayName === undefined ? undefined : input.displayName === null ? null : checkName(input.displayName, 'displayName');
      const description = input.description === undefined ? undefined : input.description === null ? null : checkText(input.description, 'description');
      const tags = input.tags === undefined || input.tags === null ? undefined : checkTags(input.tags);
      const visibility = input.visibility ? checkVisibility(input.visibility, 'private') : undefined;
      await run(meta, p, kind, id, async (tx) => ({
        type: 'UpdateItem',
        itemId: id,
        displayName,
        description,
        tags,
        visibility,
        // Moving an item needs the right to create such items in the receiving team.
        teamId: input.teamId ? await targetTeam(tx, schema, authz, p, input.teamId, permissionDomain(kind)) : undefined,
      }));
    },
    async setItemEnabled(p: Principal, meta: RequestMeta, kind: ItemKind, id: string, enabled: boolean): Promise<void> {
      await run(meta, p, kind, id, async () => ({ type: 'SetItemEnabled', itemId: id, enabled }));
    },
  };
}

export type CatalogCommands = ReturnType<typeof createCatalogCommands>;
