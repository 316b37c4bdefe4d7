import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ForbiddenError, NotFoundError, ValidationError } from '../../events/errors.js';
import type { EventStore } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { accessStream, roleStream } from '../../events/roles/events.js';
import { decideAccess, decideRole, evolveAccess, evolveRole, initialAccessState, initialRoleState } from '../../events/roles/decide.js';
import { findUserByEmail } from '../../events/users/read.js';
import { normalizeEmail } from '../../events/users/email.js';
import { isUniqueViolation } from '../../events/db/errors.js';
import { AlreadyExistsError } from '../../events/errors.js';
import type { Authz } from '../authz/can.js';
import { builtInRole, isMembershipRole, type RoleScope } from '../authz/permissions.js';
import type { Principal } from '../authz/principal.js';
import type { AuthzView } from '../authz/view.js';

const roleDecider = { initialState: initialRoleState, evolve: evolveRole, decide: decideRole };
const accessDecider = { initialState: initialAccessState, evolve: evolveAccess, decide: decideAccess };

/** Custom roles and grants: platform administration (`admin.roles`). */
export function createRoleCommands({ store, authz, view }: { store: EventStore; authz: Authz; view: AuthzView }) {
  const { schema } = store.database;

  function requireAdmin(p: Principal) {
    if (!authz.can(p, 'admin.roles')) throw new ForbiddenError('Only platform admins manage roles');
  }

  const nameTaken = (err: unknown, name: string) =>
    isUniqueViolation(err) ? new AlreadyExistsError(`A role named ${name} already exists`, { field: 'name' }) : err;

  return {
    async createRole(p: Principal, meta: RequestMeta, input: { name: string; description?: string | null; scope: RoleScope; permissions: string[] }) {
      requireAdmin(p);
      const roleId = randomUUID();
      try {
        await store.handle(meta, roleStream(roleId), roleDecider, { type: 'DefineRole', roleId, name: input.name, description: input.description ?? '', scope: input.scope, permissions: input.permissions });
      } catch (err) {
        throw nameTaken(err, input.name);
      }
      return roleId;
    },

    async updateRole(p: Principal, meta: RequestMeta, roleId: string, input: { name?: string | null; description?: string | null; permissions?: string[] | null }) {
      requireAdmin(p);
      if (builtInRole(roleId)) throw new ValidationError('Built-in roles cannot be changed');
      try {
        await store.handle(meta, roleStream(roleId), roleDecider, {
          type: 'UpdateRole',
          name: input.name ?? undefined,
          description: input.description ?? undefined,
          permissions: input.permissions ?? undefined,
        });
      } catch (err) {
        throw nameTaken(err, input.name ?? '');
      }
    },

    /** Deleting a role revokes every grant of it first, each on its holder's stream, so the log tells who lost what. */
    async deleteRole(p: Principal, meta: RequestMeta, roleId: string) {
      requireAdmin(p);
      if (builtInRole(roleId)) throw new ValidationError('Built-in roles cannot be deleted');
      const { roleGrants } = schema;
      await store.transact(meta, async (unit) => {
        const grants = await unit.tx.select().from(roleGrants).where(eq(roleGrants.roleId, roleId));
        for (const g of grants) {
          const { state, version } = await unit.load(accessStream(g.userId), accessDecider);
          await unit.append(accessStream(g.userId), version, decideAccess({ type: 'RevokeRole', grantId: g.id, reason: 'role_deleted' }, state));
        }
        const { state, version } = await unit.load(roleStream(roleId), roleDecider);
        await unit.append(roleStream(roleId), version, decideRole({ type: 'DeleteRole' }, state));
      });
    },

    async grantRole(p: Principal, meta: RequestMeta, emailInput: string, roleId: string, teamId: string | null) {
      requireAdmin(p);
      if (isMembershipRole(roleId)) throw new ValidationError('Team membership is changed with inviteMember, setMemberRole and removeMember, not grantRole');
      if (roleId === 'platform_admin') throw new ValidationError('Platform admin is granted with setPlatformAdmin');
      const role = view.role(roleId);
      if (!role) throw new NotFoundError('Role');
      if (role.scope === 'global' && teamId) throw new ValidationError(`${roleId} is a global role: grant it without teamId`);
      if (role.scope === 'team' && !teamId) throw new ValidationError(`${roleId} is a team role: name the team (teamId)`);
      const email = normalizeEmail(emailInput);
      const grantId = randomUUID();
      await store.transact(meta, async (unit) => {
        const user = await findUserByEmail(unit.tx, schema, email);
        if (!user) throw new NotFoundError('User');
        if (teamId) {
          const { roleGrants } = schema;
          const [member] = await unit.tx
            .select({ id: roleGrants.id })
            .from(roleGrants)
            .where(and(eq(roleGrants.teamId, teamId), eq(roleGrants.userId, user.id)))
            .limit(1);
          if (!member) throw new ValidationError(`${email} is not a member of that team: a team role needs a member`);
        }
        const { state, version } = await unit.load(accessStream(user.id), accessDecider);
        await unit.append(accessStream(user.id), version, decideAccess({ type: 'GrantRole', grantId, userId: user.id, email, roleId, teamId }, state));
      });
      return grantId;
    },

    async revokeRole(p: Principal, meta: RequestMeta, emailInput: string, roleId: string, teamId: string | null) {
      requireAdmin(p);
      const email = normalizeEmail(emailInput);
      const { roleGrants } = schema;
      await store.transact(meta, async (unit) => {
        const user = await findUserByEmail(unit.tx, schema, email);
        if (!user) throw new NotFoundError('User');
        const [grant] = await unit.tx
          .select({ id: roleGrants.id })
          .from(roleGrants)
          .where(and(eq(roleGrants.userId, user.id), eq(roleGrants.roleId, roleId), eq(roleGrants.teamId, teamId ?? '')))
          .limit(1);
        if (!grant || isMembershipRole(roleId)) throw new NotFoundError('Role grant');
        const { state, version } = await unit.load(accessStream(user.id), accessDecider);
        await unit.append(accessStream(user.id), version, decideAccess({ type: 'RevokeRole', grantId: grant.id, reason: 'revoked' }, state));
      });
    },
  };
}

export type RoleCommands = ReturnType<typeof createRoleCommands>;
