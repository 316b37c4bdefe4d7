import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import { NotFoundError } from '../../events/errors.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { pageOf, type PageRequest } from '../graphql/paging.js';
import type { TokenRow } from './commands.js';

/** Token lists, each filtered and limited in SQL. The token hash is never selected. */
export function createTokenQueries(database: Database, authz: Authz) {
  const { db, schema } = database;
  const { apiTokens, apiTokenUsage, apiTokenUsageTotals } = schema;
  const visibleColumns = {
    id: apiTokens.id,
    userId: apiTokens.userId,
    email: apiTokens.email,
    name: apiTokens.name,
    description: apiTokens.description,
    teamId: apiTokens.teamId,
    serverId: apiTokens.serverId,
    permissions: apiTokens.permissions,
    ipRules: apiTokens.ipRules,
    expiresAt: apiTokens.expiresAt,
    createdAt: apiTokens.createdAt,
    revokedAt: apiTokens.revokedAt,
    revokedBy: apiTokens.revokedBy,
    revokeReason: apiTokens.revokeReason,
  };
  type Listed = Omit<TokenRow, 'tokenHash' | 'activeName'>;

  const list = (where: ReturnType<typeof eq> | undefined, page: PageRequest) =>
    db.select(visibleColumns).from(apiTokens).where(where).orderBy(desc(apiTokens.createdAt), asc(apiTokens.id)).limit(page.limit + 1).offset(page.offset);

  const canSeeTeamTokens = (p: Principal, teamId: string) =>
    authz.isFullAdmin(p) || authz.isAuditor(p) || (authz.membership(p, teamId) === 'team_owner' && authz.can(p, 'tokens.read', { teamId }));

  /** The token, if the principal may see it: its owner, an owner of its team, an admin or an auditor. */
  async function visibleToken(p: Principal, tokenId: string): Promise<Listed | undefined> {
    const [row] = await db.select(visibleColumns).from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1);
    if (!row) return undefined;
    if (row.userId === p.userId || authz.isFullAdmin(p) || authz.isAuditor(p)) return row;
    return row.teamId && canSeeTeamTokens(p, row.teamId) ? row : undefined;
  }

  return {
    listQuery: list,
    visibleToken,
    async mine(p: Principal, page: PageRequest) {
      return pageOf((await list(eq(apiTokens.userId, p.userId), page)) as Listed[], page);
    },
    async ofTeam(p: Principal, teamId: string, page: PageRequest) {
      if (!canSeeTeamTokens(p, teamId)) throw new NotFoundError('Team');
      return pageOf((await list(eq(apiTokens.teamId, teamId), page)) as Listed[], page);
    },
    async all(page: PageRequest) {
      return pageOf((await list(undefined, page)) as Listed[], page);
    },
    async usage(p: Principal, tokenId: string, from: string | null, to: string | null, page: PageRequest) {
      if (!(await visibleToken(p, tokenId))) throw new NotFoundError('API token');
      const rows = await db
        .select()
        .from(apiTokenUsage)
        .where(and(eq(apiTokenUsage.tokenId, tokenId), from ? gte(apiTokenUsage.at, from) : undefined, to ? lt(apiTokenUsage.at, to) : undefined))
        .orderBy(asc(apiTokenUsage.at), asc(apiTokenUsage.id))
        .limit(page.limit + 1)
        .offset(page.offset);
      const [totals] = await db.select().from(apiTokenUsageTotals).where(eq(apiTokenUsageTotals.tokenId, tokenId)).limit(1);
      return {
        ...pageOf(rows, page),
        totals: { calls: Number(totals?.calls ?? 0), errors: Number(totals?.errors ?? 0), lastUsedAt: totals?.lastUsedAt ?? null },
      };
    },
  };
}

export type TokenQueries = ReturnType<typeof createTokenQueries>;
