import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import { ForbiddenError } from '../../events/errors.js';
import type { Authz } from '../authz/can.js';
import { MEMBERSHIP_ROLES } from '../authz/permissions.js';
import type { Principal } from '../authz/principal.js';
import { pageOf, type PageRequest } from '../graphql/paging.js';
import { findTeam, teamAsResource, type TeamRow } from './commands.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Reads for teams. Every list is filtered and limited in SQL; the builders are exported so a test can
 * read the SQL a list issues.
 */
export function createTeamQueries(database: Database, authz: Authz) {
  const { db, schema } = database;
  const { teams, roleGrants, teamInvitations, teamJoinRequests } = schema;

  const myTeamIds = (p: Principal) =>
    sql`(select ${roleGrants.teamId} from ${roleGrants} where ${roleGrants.userId} = ${p.userId} and ${inArray(roleGrants.roleId, [...MEMBERSHIP_ROLES])})`;

  const toTeam = (row: typeof teams.$inferSelect): TeamRow => ({
    ...row,
    personal: Boolean(row.personal),
    memberCount: Number(row.memberCount),
    visibility: row.visibility as TeamRow['visibility'],
  });

  function searchFilter(search: string | null | undefined): SQL | undefined {
    if (!search?.trim()) return undefined;
    const pattern = `%${escapeLike(search.trim().toLowerCase())}%`;
    return or(like(sql`lower(${teams.name})`, pattern), like(sql`lower(${teams.description})`, pattern));
  }

  /** Teams the principal belongs to; platform admins and auditors see every team. */
  function myTeamsQuery(p: Principal, search: string | null | undefined, page: PageRequest) {
    const seeAll = p.isPlatformAdmin || authz.isAuditor(p);
    return db
      .select()
      .from(teams)
      .where(and(seeAll ? undefined : inArray(teams.id, myTeamIds(p)), searchFilter(search)))
      .orderBy(asc(teams.name), asc(teams.id))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  /** Public teams anyone signed in may ask to join. */
  function discoverQuery(search: string | null | undefined, page: PageRequest) {
    return db
      .select()
      .from(teams)
      .where(and(eq(teams.visibility, 'public'), eq(teams.personal, false), searchFilter(search)))
      .orderBy(asc(teams.name), asc(teams.id))
      .limit(page.limit + 1)
      .offset(page.offset);
  }

  function requireManager(p: Principal, team: TeamRow | undefined) {
    if (!team || !authz.canSee(p, teamAsResource(team))) return false;
    if (!authz.can(p, 'teams.manage_members', { teamId: team.id }) && !authz.isAuditor(p)) {
      throw new ForbiddenError('Only team owners see this');
    }
    return true;
  }

  return {
    myTeamsQuery,
    /** The teams a user belongs to, with their role in each (for /auth/email/me), bounded like any list. */
    async memberships(userId: string) {
      return db
        .select({ id: teams.id, name: teams.name, slug: teams.slug, personal: teams.personal, role: roleGrants.roleId })
        .from(roleGrants)
        .innerJoin(teams, eq(teams.id, roleGrants.teamId))
        .where(and(eq(roleGrants.userId, userId), inArray(roleGrants.roleId, [...MEMBERSHIP_ROLES])))
        .orderBy(asc(teams.name), asc(teams.id))
        .limit(1000)
        .then((rows) => rows.map((r) => ({ ...r, personal: Boolean(r.personal) })));
    },
    discoverQuery,
    async myTeams(p: Principal, search: string | null | undefined, page: PageRequest) {
      return pageOf((await myTeamsQuery(p, search, page)).map(toTeam), page);
    },
    async discover(p: Principal, search: string | null | undefined, page: PageRequest) {
      void p;
      return pageOf((await discoverQuery(search, page)).map(toTeam), page);
    },
    /** A team the principal may see, or undefined: callers answer "not found". */
    async team(p: Principal, teamId: string): Promise<TeamRow | undefined> {
      const team = await findTeam(db, schema, teamId);
      return team && authz.canSee(p, teamAsResource(team)) ? team : undefined;
    },
    async members(teamId: string, page: PageRequest) {
      const rows = await db
        .select({ userId: roleGrants.userId, email: roleGrants.email, role: roleGrants.roleId, since: roleGrants.grantedAt })
        .from(roleGrants)
        .where(and(eq(roleGrants.teamId, teamId), inArray(roleGrants.roleId, [...MEMBERSHIP_ROLES])))
        .orderBy(asc(roleGrants.email))
        .limit(page.limit + 1)
        .offset(page.offset);
      return pageOf(rows, page);
    },
    async invitations(p: Principal, teamId: string, page: PageRequest) {
      if (!requireManager(p, await findTeam(db, schema, teamId))) return undefined;
      const rows = await db
        .select({
          id: teamInvitations.id,
          teamId: teamInvitations.teamId,
          email: teamInvitations.email,
          role: teamInvitations.role,
          status: teamInvitations.status,
          expiresAt: teamInvitations.expiresAt,
          createdAt: teamInvitations.createdAt,
        })
        .from(teamInvitations)
        .where(eq(teamInvitations.teamId, teamId))
        .orderBy(asc(teamInvitations.createdAt), asc(teamInvitations.id))
        .limit(page.limit + 1)
        .offset(page.offset);
      return pageOf(rows, page);
    },
    async joinRequests(p: Principal, teamId: string, page: PageRequest) {
      if (!requireManager(p, await findTeam(db, schema, teamId))) return undefined;
      const rows = await db
        .select()
        .from(teamJoinRequests)
        .where(eq(teamJoinRequests.teamId, teamId))
        .orderBy(asc(teamJoinRequests.createdAt), asc(teamJoinRequests.id))
        .limit(page.limit + 1)
        .offset(page.offset);
      return pageOf(rows, page);
    },
  };
}

export type TeamQueries = ReturnType<typeof createTeamQueries>;
