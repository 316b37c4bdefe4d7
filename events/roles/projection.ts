import { eq } from 'drizzle-orm';
import type { Projection } from '../store/projection.js';
import type { AccessEvent, RoleEvent } from './events.js';
import { roleEventTypes } from './events.js';

/** Custom roles, and every role grant (memberships are written by the teams projection). */
export const rolesProjection: Projection = {
  name: 'roles',
  tables: [
    { name: 'roles', key: ['id'] },
    { name: 'role_grants', key: ['id'] },
  ],
  handles: new Set(Object.keys(roleEventTypes)),
  async apply(tx, stored, { schema }) {
    const { roles, roleGrants } = schema;
    const e = { type: stored.type, data: stored.data } as RoleEvent | AccessEvent;
    const at = stored.metadata.time;
    const roleId = stored.streamId.slice('role-'.length);
    switch (e.type) {
      case 'RoleDefined':
        await tx.insert(roles).values({
          id: e.data.roleId,
          name: e.data.name,
          description: e.data.description,
          scope: e.data.scope,
          permissions: JSON.stringify(e.data.permissions),
          createdAt: at,
          updatedAt: at,
        });
        return;
      case 'RoleUpdated':
        await tx
          .update(roles)
          .set({
            ...(e.data.name !== undefined ? { name: e.data.name } : {}),
            ...(e.data.description !== undefined ? { description: e.data.description } : {}),
            ...(e.data.permissions !== undefined ? { permissions: JSON.stringify(e.data.permissions) } : {}),
            updatedAt: at,
          })
          .where(eq(roles.id, roleId));
        return;
      case 'RoleDeleted':
        await tx.delete(roles).where(eq(roles.id, roleId));
        return;
      case 'RoleGranted':
        await tx.insert(roleGrants).values({
          id: e.data.grantId,
          userId: e.data.userId,
          email: e.data.email,
          roleId: e.data.roleId,
          teamId: e.data.teamId ?? '',
          grantedAt: at,
        });
        return;
      case 'RoleRevoked':
        await tx.delete(roleGrants).where(eq(roleGrants.id, e.data.grantId));
        return;
    }
  },
};
