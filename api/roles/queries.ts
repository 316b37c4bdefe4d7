import { asc } from 'drizzle-orm';
import type { Database } from '../../events/db/types.js';
import { BUILT_IN_ROLES, type RoleScope } from '../authz/permissions.js';

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  scope: RoleScope;
  permissions: string[];
  builtIn: boolean;
}

/** Built-in roles first, then custom roles by name. */
export async function listRoles(database: Database): Promise<RoleRow[]> {
  const { roles } = database.schema;
  const custom = await database.db.select().from(roles).orderBy(asc(roles.name)).limit(1000);
  return [
    ...BUILT_IN_ROLES.map((r) => ({ ...r, permissions: [...r.permissions] })),
    ...custom.map((r) => ({ id: r.id, name: r.name, description: r.description, scope: r.scope as RoleScope, permissions: JSON.parse(r.permissions) as string[], builtIn: false })),
  ];
}
