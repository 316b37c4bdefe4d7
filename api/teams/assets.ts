import type { Db, Schema } from '../../events/db/types.js';
import type { UnitOfWork } from '../../events/store/store.js';
import { catalogAssetKinds } from '../catalog/team-assets.js';
import { serverAssetKind } from '../servers/team-assets.js';
import { tokenAssetKind } from '../tokens/team-assets.js';

/**
 * Things a team can own (catalog items, tokens…). Deleting a team is refused while any of these exist,
 * unless the request names a team to transfer them to. Each later domain adds its kind here.
 */
export interface TeamAssetKind {
  label: string;
  count(tx: Db, schema: Schema, teamId: string): Promise<number>;
  /** Appends the events that move every item to the other team, in the deletion's transaction. */
  transfer(unit: UnitOfWork, schema: Schema, fromTeamId: string, toTeamId: string): Promise<void>;
}

export const teamAssetKinds: TeamAssetKind[] = [...catalogAssetKinds, serverAssetKind, tokenAssetKind];
