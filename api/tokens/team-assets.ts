import { and, count, eq, isNull } from 'drizzle-orm';
import { tokenDecider } from '../../events/tokens/decide.js';
import { tokenStreamId } from '../../events/tokens/events.js';
import type { TeamAssetKind } from '../teams/assets.js';

/** A team's active tokens: counted by team deletion, and moved to the receiving team with a transfer. */
export const tokenAssetKind: TeamAssetKind = {
  label: 'tokens',
  async count(tx, schema, teamId) {
    const { apiTokens } = schema;
    const [row] = await tx.select({ n: count() }).from(apiTokens).where(and(eq(apiTokens.teamId, teamId), isNull(apiTokens.revokedAt)));
    return Number(row?.n ?? 0);
  },
  async transfer(unit, schema, fromTeamId, toTeamId) {
    const { apiTokens } = schema;
    const rows = await unit.tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.teamId, fromTeamId), isNull(apiTokens.revokedAt)));
    for (const { id } of rows) {
      const { state, version } = await unit.load(tokenStreamId(id), tokenDecider);
      await unit.append(tokenStreamId(id), version, tokenDecider.decide({ type: 'MoveToTeam', teamId: toTeamId }, state));
    }
  },
};
