import { and, eq } from 'drizzle-orm';
import type { Db, Schema } from '../../events/db/types.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../events/errors.js';
import type { Authz, ResourceRef } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import { findTeam, teamAsResource } from '../teams/commands.js';

/** Who sees and manages a gateway or item: its own team, owner and visibility. */
export const refOf = (row: { teamId: string; ownerEmail: string; visibility: string }, kind: string): ResourceRef => ({
  teamId: row.teamId,
  ownerEmail: row.ownerEmail,
  visibility: row.visibility as ResourceRef['visibility'],
  kind,
});

/** The first check of every command: what you may not see does not exist for you. Then can(). */
export function requireVisible<T extends { teamId: string; ownerEmail: string; visibility: string }>(authz: Authz, p: Principal, row: T | undefined, what: string, kind: string): T {
  if (!row || !authz.canSee(p, refOf(row, kind))) throw new NotFoundError(what);
  return row;
}

export function requirePermission(authz: Authz, p: Principal, permission: string, ref: ResourceRef | { teamId: string }) {
  if (!authz.can(p, permission, ref)) throw new ForbiddenError(`You need ${permission} for this`);
}

/**
 * The team a new or moved item goes to: one the principal sees and may create `domain` items in. Without
 * a team named, the principal's personal team.
 */
export async function targetTeam(tx: Db, schema: Schema, authz: Authz, p: Principal, teamId: string | null | undefined, domain: string): Promise<string> {
  let id = teamId ?? undefined;
  if (!id) {
    const { teams } = schema;
    const [personal] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.createdBy, p.userId), eq(teams.personal, true))).limit(1);
    if (!personal) throw new ValidationError('teamId is required: you have no personal team', { field: 'teamId' });
    id = personal.id;
  }
  const team = await findTeam(tx, schema, id);
  if (!team || !authz.canSee(p, teamAsResource(team))) throw new NotFoundError('Team');
  if (!authz.can(p, `${domain}.create`, { teamId: id })) throw new ForbiddenError(`You need ${domain}.create in that team`);
  return id;
}
