import type { DomainEvent } from '../store/types.js';
import type { RoleScope } from '../../api/authz/permissions.js';

export type RoleEvent =
  | DomainEvent<'RoleDefined', { roleId: string; name: string; description: string; scope: RoleScope; permissions: string[] }>
  | DomainEvent<'RoleUpdated', { name?: string; description?: string; permissions?: string[] }>
  | DomainEvent<'RoleDeleted', Record<string, never>>;

/** On a user's access stream: roles granted beyond team membership (which lives on the team stream). */
export type AccessEvent =
  | DomainEvent<'RoleGranted', { grantId: string; userId: string; email: string; roleId: string; teamId: string | null }>
  | DomainEvent<'RoleRevoked', { grantId: string; reason: 'revoked' | 'role_deleted' }>;

export const roleEventTypes: Record<RoleEvent['type'] | AccessEvent['type'], { secretFields?: readonly string[] }> = {
  RoleDefined: {},
  RoleUpdated: {},
  RoleDeleted: {},
  RoleGranted: {},
  RoleRevoked: {},
};

export const roleStream = (roleId: string) => `role-${roleId}`;
export const accessStream = (userId: string) => `access-${userId}`;
