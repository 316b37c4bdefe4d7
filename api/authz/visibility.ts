import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';
import type { Schema } from '../../events/db/types.js';
import type { Principal } from './principal.js';
import { MEMBERSHIP_ROLES } from './permissions.js';
import type { Authz } from './can.js';

export interface VisibilityColumns {
  teamId: AnyColumn;
  ownerEmail: AnyColumn;
  visibility: AnyColumn;
}

/**
 * The visibility rule as a WHERE clause, so lists are filtered in the database, not in memory: public,
 * yours, or shared with a team you belong to (read from role_grants in the same query, so it is current).
 * Platform admins and auditors see past visibility. Every catalog list uses this.
 */
export function visibleTo(principal: Principal, columns: VisibilityColumns, schema: Schema, authz: Authz): SQL {
  if (principal.isPlatformAdmin || authz.isAuditor(principal)) return sql`1 = 1`;
  const { roleGrants } = schema;
  return or(
    eq(columns.visibility, 'public'),
    eq(columns.ownerEmail, principal.email),
    and(
      eq(columns.visibility, 'team'),
      inArray(
        columns.teamId,
        // drizzle renders this as a subquery on every dialect.
        sql`(select ${roleGrants.teamId} from ${roleGrants} where ${roleGrants.userId} = ${principal.userId} and ${inArray(roleGrants.roleId, [...MEMBERSHIP_ROLES])})`,
      ),
    ),
  )!;
}
