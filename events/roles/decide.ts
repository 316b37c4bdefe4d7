import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { StoredEvent } from '../store/types.js';
import { builtInRole, isPermissionPattern, type RoleScope } from '../../api/authz/permissions.js';
import type { AccessEvent, RoleEvent } from './events.js';

export interface RoleState {
  exists: boolean;
  deleted: boolean;
  scope: RoleScope;
}

export const initialRoleState = (): RoleState => ({ exists: false, deleted: false, scope: 'global' });

export function evolveRole(state: RoleState, event: StoredEvent<RoleEvent>): RoleState {
  const e = { type: event.type, data: event.data } as RoleEvent;
  if (e.type === 'RoleDefined') return { exists: true, deleted: false, scope: e.data.scope };
  if (e.type === 'RoleDeleted') return { ...state, deleted: true };
  return state;
}

export type RoleCommand =
  | { type: 'DefineRole'; roleId: string; name: string; description: string; scope: RoleScope; permissions: string[] }
  | { type: 'UpdateRole'; name?: string; description?: string; permissions?: string[] }
  | { type: 'DeleteRole' };

function checkPermissions(permissions: string[]): string[] {
  const unknown = permissions.filter((p) => !isPermissionPattern(p));
  if (unknown.length) throw new ValidationError(`Unknown permission(s): ${unknown.join(', ')}`, { unknown });
  if (permissions.length === 0) throw new ValidationError('A role needs at least one permission');
  return [...new Set(permissions)].sort();
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n || n.length > 100) throw new ValidationError('A role name must be 1 to 100 characters');
  if (builtInRole(n)) throw new ConflictError(`${n} is a built-in role`);
  return n;
}

export function decideRole(command: RoleCommand, state: RoleState): RoleEvent[] {
  if (command.type === 'DefineRole') {
    if (state.exists) throw new ConflictError('This role id is taken');
    return [
      {
        type: 'RoleDefined',
        data: { roleId: command.roleId, name: checkName(command.name), description: command.description.trim(), scope: command.scope, permissions: checkPermissions(command.permissions) },
      },
    ];
  }
  if (!state.exists || state.deleted) throw new NotFoundError('Role');
  if (command.type === 'DeleteRole') return [{ type: 'RoleDeleted', data: {} }];
  const data: Extract<RoleEvent, { type: 'RoleUpdated' }>['data'] = {};
  if (command.name !== undefined) data.name = checkName(command.name);
  if (command.description !== undefined) data.description = command.description.trim();
  if (command.permissions !== undefined) data.permissions = checkPermissions(command.permissions);
  return Object.keys(data).length ? [{ type: 'RoleUpdated', data }] : [];
}

export interface AccessState {
  grants: Record<string, { roleId: string; teamId: string | null }>;
}

export const initialAccessState = (): AccessState => ({ grants: {} });

export function evolveAccess(state: AccessState, event: StoredEvent<AccessEvent>): AccessState {
  const e = { type: event.type, data: event.data } as AccessEvent;
  if (e.type === 'RoleGranted') return { grants: { ...state.grants, [e.data.grantId]: { roleId: e.data.roleId, teamId: e.data.teamId } } };
  const { [e.data.grantId]: _gone, ...grants } = state.grants;
  return { grants };
}

export type AccessCommand =
  | { type: 'GrantRole'; grantId: string; userId: string; email: string; roleId: string; teamId: string | null }
  | { type: 'RevokeRole'; grantId: string; reason: 'revoked' | 'role_deleted' };

export function decideAccess(command: AccessCommand, state: AccessState): AccessEvent[] {
  if (command.type === 'GrantRole') {
    const dup = Object.values(state.grants).some((g) => g.roleId === command.roleId && g.teamId === command.teamId);
    if (dup) throw new ConflictError('This user already holds that role there');
    const { grantId, userId, email, roleId, teamId } = command;
    return [{ type: 'RoleGranted', data: { grantId, userId, email, roleId, teamId } }];
  }
  if (!state.grants[command.grantId]) throw new NotFoundError('Role grant');
  return [{ type: 'RoleRevoked', data: { grantId: command.grantId, reason: command.reason } }];
}
