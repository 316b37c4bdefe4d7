import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import type { StoredEvent } from '../../events/store/types.js';
import { builtInRole, type RoleScope } from './permissions.js';

export interface Grant {
  roleId: string;
  /** null for a global grant. */
  teamId: string | null;
}

export interface RoleInfo {
  id: string;
  scope: RoleScope;
  permissions: readonly string[];
}

/**
 * Who holds which role where, in memory: every authorisation check reads this, never the database.
 * It is loaded from the projections at start-up and reloaded for exactly what a commit touched,
 * before that commit's response is sent (the store awaits its listeners).
 */
export interface AuthzView {
  grantsOf(userId: string): readonly Grant[];
  role(roleId: string): RoleInfo | undefined;
  load(): Promise<void>;
  onCommit(events: readonly StoredEvent[]): Promise<void>;
}

const GRANT_EVENTS = new Set(['MemberAdded', 'MemberRoleChanged', 'MemberRemoved', 'RoleGranted', 'RoleRevoked']);
const ROLE_EVENTS = new Set(['RoleDefined', 'RoleUpdated', 'RoleDeleted']);

export function createAuthzView(database: Database): AuthzView {
  const { roleGrants, roles } = database.schema;
  let grants = new Map<string, Grant[]>();
  let customRoles = new Map<string, RoleInfo>();

  const toGrant = (r: { roleId: string; teamId: string }): Grant => ({ roleId: r.roleId, teamId: r.teamId || null });
  const toRole = (r: { id: string; scope: string; permissions: string }): RoleInfo => ({
    id: r.id,
    scope: r.scope as RoleScope,
    permissions: JSON.parse(r.permissions) as string[],
  });

  async function reloadUsers(userIds: string[]) {
    const rows = await database.db.select().from(roleGrants).where(inArray(roleGrants.userId, userIds));
    for (const id of userIds) grants.delete(id);
    for (const r of rows) grants.set(r.userId, [...(grants.get(r.userId) ?? []), toGrant(r)]);
  }

  return {
    grantsOf: (userId) => grants.get(userId) ?? [],
    role: (roleId) => builtInRole(roleId) ?? customRoles.get(roleId),
    async load() {
      const [g, r] = await Promise.all([database.db.select().from(roleGrants), database.db.select().from(roles)]);
      const nextGrants = new Map<string, Grant[]>();
      for (const row of g) nextGrants.set(row.userId, [...(nextGrants.get(row.userId) ?? []), toGrant(row)]);
      grants = nextGrants;
      customRoles = new Map(r.map((row) => [row.id, toRole(row)]));
    },
    async onCommit(events) {
      const users = new Set<string>();
      let reloadAll = false;
      for (const e of events) {
        if (e.type === 'TeamDeleted') reloadAll = true;
        else if (GRANT_EVENTS.has(e.type)) {
          const userId = (e.data as { userId?: string }).userId ?? (e.streamId.startsWith('access-') ? e.streamId.slice(7) : undefined);
          if (userId) users.add(userId);
        } else if (ROLE_EVENTS.has(e.type)) {
          const roleId = e.streamId.slice('role-'.length);
          const [row] = await database.db.select().from(roles).where(eq(roles.id, roleId));
          if (row) customRoles.set(roleId, toRole(row));
          else customRoles.delete(roleId);
        }
      }
      // A deleted team's grants vanish for all its members at once; a full reload is simplest and rare.
      if (reloadAll) await this.load();
      else if (users.size) await reloadUsers([...users]);
    },
  };
}
