import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db, Schema } from '../../events/db/types.js';
import { ForbiddenError, NotFoundError, ValidationError, ConflictError } from '../../events/errors.js';
import type { EventStore, UnitOfWork } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { decideTeam, type Joiner, type Limits, type TeamCommand } from '../../events/teams/decide.js';
import { initialTeamState, evolveTeam } from '../../events/teams/evolve.js';
import { teamStream, type TeamVisibility } from '../../events/teams/events.js';
import { findUserByEmail, findUserById } from '../../events/users/read.js';
import { normalizeEmail } from '../../events/users/email.js';
import { assertNoNul } from '../../events/text.js';
import type { Authz } from '../authz/can.js';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../authz/permissions.js';
import type { Principal } from '../authz/principal.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../../events/store/store.js';
import { teamAssetKinds } from './assets.js';

const teamDecider = { initialState: initialTeamState, evolve: evolveTeam, decide: decideTeam };

export interface TeamRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  visibility: TeamVisibility;
  personal: boolean;
  createdBy: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'team'
  );
}

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function findTeam(db: Db, schema: Schema, teamId: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(schema.teams).where(eq(schema.teams.id, teamId)).limit(1);
  return row ? { ...row, personal: Boolean(row.personal), memberCount: Number(row.memberCount), visibility: row.visibility as TeamVisibility } : undefined;
}

/** How many teams the user belongs to, read inside the write transaction that may add one more. */
async function teamCount(tx: Db, schema: Schema, userId: string): Promise<number> {
  const { roleGrants } = schema;
  const [row] = await tx
    .select({ n: count() })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), inArray(roleGrants.roleId, [...MEMBERSHIP_ROLES])));
  return Number(row?.n ?? 0);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) throw new ValidationError('name must be a non-empty string', { field: 'name' });
  const n = name.trim();
  if (n.length > 200) throw new ValidationError('name must be at most 200 characters', { field: 'name' });
  assertNoNul(n, 'name');
  return n;
}

function checkDescription(d: unknown): string {
  if (d === undefined || d === null) return '';
  if (typeof d !== 'string') throw new ValidationError('description must be a string', { field: 'description' });
  if (d.length > 2000) throw new ValidationError('description must be at most 2000 characters', { field: 'description' });
  assertNoNul(d, 'description');
  return d.trim();
}

export interface TeamCommandsDeps {
  store: EventStore;
  authz: Authz;
  config: Config;
  clock: Clock;
}

export function createTeamCommands({ store, authz, config, clock }: TeamCommandsDeps) {
  const { schema } = store.database;
  const limits: Limits = { maxTeamsPerUser: config.teams.maxTeamsPerUser, maxMembersPerTeam: config.teams.maxMembersPerTeam };

  async function joiner(tx: Db, userId: string): Promise<Joiner> {
    const user = await findUserById(tx, schema, userId);
    if (!user || !user.isActive) throw new NotFoundError('User');
    return { userId: user.id, email: user.email, emailVerified: user.emailVerified, teamCount: await teamCount(tx, schema, user.id) };
  }

  /** The team, if the principal may see it; "not found" otherwise, never "forbidden". */
  async function visibleTeam(tx: Db, p: Principal, teamId: string): Promise<TeamRow> {
    const team = await findTeam(tx, schema, teamId);
    if (!team || !authz.canSee(p, teamAsResource(team))) throw new NotFoundError('Team');
    return team;
  }

  function require(p: Principal, permission: string, teamId: string) {
    if (!authz.can(p, permission, { teamId })) throw new ForbiddenError(`You need ${permission} in this team`);
  }

  async function run(unit: UnitOfWork, teamId: string, command: TeamCommand) {
    const { state, version } = await unit.load(teamStream(teamId), teamDecider);
    return unit.append(teamStream(teamId), version, decideTeam(command, state));
  }

  return {
    /** Inside a registration's transaction: every new user gets a team of their own. */
    async createPersonalTeam(unit: UnitOfWork, user: { userId: string; email: string }): Promise<string> {
      const teamId = randomUUID();
      const name = `${config.teams.personalTeamPrefix}-${slugify(user.email)}`;
      await run(unit, teamId, {
        type: 'CreateTeam',
        teamId,
        name,
        slug: slugify(name),
        description: `Personal team of ${user.email}`,
        visibility: 'private',
        personal: true,
        creator: { userId: user.userId, email: user.email, emailVerified: true, teamCount: 0 },
        limits,
      });
      return teamId;
    },

    async createTeam(p: Principal, meta: RequestMeta, input: { name: unknown; description?: unknown; visibility?: TeamVisibility }) {
      // Any active user may start a team; MAX_TEAMS_PER_USER bounds it.
      const name = checkName(input.name);
      const description = checkDescription(input.description);
      const teamId = randomUUID();
      await store.transact(meta, async (unit) =>
        run(unit, teamId, {
          type: 'CreateTeam',
          teamId,
          name,
          slug: slugify(name),
          description,
          visibility: input.visibility ?? 'private',
          personal: false,
          creator: await joiner(unit.tx, p.userId),
          limits,
        }),
      );
      return teamId;
    },

    async updateTeam(p: Principal, meta: RequestMeta, teamId: string, input: { name?: unknown; description?: unknown; visibility?: TeamVisibility }) {
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        require(p, 'teams.update', teamId);
        const name = input.name === undefined ? undefined : checkName(input.name);
        return run(unit, teamId, {
          type: 'UpdateTeam',
          name,
          slug: name === undefined ? undefined : slugify(name),
          description: input.description === undefined ? undefined : checkDescription(input.description),
          visibility: input.visibility,
        });
      });
    },

    async deleteTeam(p: Principal, meta: RequestMeta, teamId: string, transferTo: string | null) {
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        require(p, 'teams.delete', teamId);
        const owned = [];
        for (const kind of teamAssetKinds) {
          const n = await kind.count(unit.tx, schema, teamId);
          if (n) owned.push(`${n} ${kind.label}`);
        }
        if (owned.length && !transferTo) {
          throw new ConflictError(`This team still owns ${owned.join(', ')}: delete them first or name a team to transfer them to`, { owned });
        }
        if (transferTo) {
          if (transferTo === teamId) throw new ValidationError('transferTo must be another team');
          await visibleTeam(unit.tx, p, transferTo);
          for (const kind of teamAssetKinds) {
            // The receiving team must accept new items from this principal.
            if (!authz.can(p, `${kind.label}.create`, { teamId: transferTo }) && !authz.can(p, 'teams.update', { teamId: transferTo })) {
              throw new ForbiddenError('You must be an owner of the team you transfer to');
            }
            await kind.transfer(unit, schema, teamId, transferTo);
          }
        }
        return run(unit, teamId, { type: 'DeleteTeam', transferTo });
      });
    },

    async inviteMember(p: Principal, meta: RequestMeta, teamId: string, emailInput: unknown, role: MembershipRole) {
      const email = normalizeEmail(emailInput);
      const token = randomBytes(32).toString('base64url');
      const invitationId = randomUUID();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + config.teams.invitationExpiryDays * 86_400_000).toISOString();
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        require(p, 'teams.manage_members', teamId);
        return run(unit, teamId, {
          type: 'InviteMember',
          invitationId,
          email,
          role,
          tokenHash: hashInvitationToken(token),
          expiresAt,
          invitedBy: p.userId,
          now: now.toISOString(),
        });
      });
      const acceptUrl = `${config.appDomain}${config.rootPath}/invitations/accept?token=${token}`;
      return { invitationId, token, acceptUrl, expiresAt, email, role, teamId };
    },

    async answerInvitation(p: Principal, meta: RequestMeta, token: string, accept: boolean) {
      const { teamInvitations } = schema;
      return store.transact(meta, async (unit) => {
        const [inv] = await unit.tx.select().from(teamInvitations).where(eq(teamInvitations.tokenHash, hashInvitationToken(token))).limit(1);
        if (!inv) throw new NotFoundError('Invitation');
        const user = await joiner(unit.tx, p.userId);
        await run(unit, inv.teamId, {
          type: accept ? 'AcceptInvitation' : 'DeclineInvitation',
          invitationId: inv.id,
          user,
          now: clock.now().toISOString(),
          requireVerifiedEmail: config.teams.requireEmailVerificationForInvites,
          limits,
        } as TeamCommand);
        return inv.teamId;
      });
    },

    async revokeInvitation(p: Principal, meta: RequestMeta, invitationId: string) {
      const { teamInvitations } = schema;
      await store.transact(meta, async (unit) => {
        const [inv] = await unit.tx.select().from(teamInvitations).where(eq(teamInvitations.id, invitationId)).limit(1);
        if (!inv) throw new NotFoundError('Invitation');
        await visibleTeam(unit.tx, p, inv.teamId);
        if (!authz.can(p, 'teams.manage_members', { teamId: inv.teamId })) throw new NotFoundError('Invitation');
        return run(unit, inv.teamId, { type: 'RevokeInvitation', invitationId });
      });
    },

    async requestToJoin(p: Principal, meta: RequestMeta, teamId: string, message: unknown) {
      if (message !== undefined && message !== null && typeof message !== 'string') throw new ValidationError('message must be a string');
      const requestId = randomUUID();
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        return run(unit, teamId, { type: 'RequestToJoin', requestId, user: await joiner(unit.tx, p.userId), message: (message as string) ?? '' });
      });
      return requestId;
    },

    async decideJoinRequest(p: Principal, meta: RequestMeta, requestId: string, approve: boolean) {
      const { teamJoinRequests } = schema;
      await store.transact(meta, async (unit) => {
        const [req] = await unit.tx.select().from(teamJoinRequests).where(eq(teamJoinRequests.id, requestId)).limit(1);
        if (!req) throw new NotFoundError('Join request');
        await visibleTeam(unit.tx, p, req.teamId);
        if (!authz.can(p, 'teams.manage_members', { teamId: req.teamId })) throw new NotFoundError('Join request');
        return run(
          unit,
          req.teamId,
          approve
            ? { type: 'ApproveJoinRequest', requestId, decidedBy: p.userId, user: await joiner(unit.tx, req.userId), limits }
            : { type: 'RejectJoinRequest', requestId, decidedBy: p.userId },
        );
      });
    },

    async leaveTeam(p: Principal, meta: RequestMeta, teamId: string) {
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        return run(unit, teamId, { type: 'LeaveTeam', userId: p.userId });
      });
    },

    async setMemberRole(p: Principal, meta: RequestMeta, teamId: string, emailInput: unknown, role: MembershipRole) {
      const email = normalizeEmail(emailInput);
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        require(p, 'teams.manage_members', teamId);
        const user = await findUserByEmail(unit.tx, schema, email);
        if (!user) throw new NotFoundError('Member');
        return run(unit, teamId, { type: 'SetMemberRole', userId: user.id, role });
      });
    },

    async removeMember(p: Principal, meta: RequestMeta, teamId: string, emailInput: unknown) {
      const email = normalizeEmail(emailInput);
      await store.transact(meta, async (unit) => {
        await visibleTeam(unit.tx, p, teamId);
        require(p, 'teams.manage_members', teamId);
        const user = await findUserByEmail(unit.tx, schema, email);
        if (!user) throw new NotFoundError('Member');
        return run(unit, teamId, { type: 'RemoveMember', userId: user.id });
      });
    },
  };
}

/** A team seen through the visibility rule: members see it; a public team is discoverable by everyone. */
export function teamAsResource(team: Pick<TeamRow, 'id' | 'visibility'>) {
  return { teamId: team.id, ownerEmail: null, visibility: team.visibility === 'public' ? ('public' as const) : ('team' as const), kind: 'teams' };
}

export type TeamCommands = ReturnType<typeof createTeamCommands>;
