/**
 * The catalogue of permission strings and the built-in roles. Roles are named lists of these strings;
 * `docs/roles.md` is generated from this file (npm run docs:roles) and a test keeps it fresh.
 */
const CRUD = ['read', 'create', 'update', 'delete'] as const;

export const PERMISSIONS = [
  ...CRUD.map((a) => `users.${a}` as const),
  ...CRUD.map((a) => `teams.${a}` as const),
  'teams.manage_members',
  ...CRUD.map((a) => `tools.${a}` as const),
  'tools.execute',
  ...CRUD.map((a) => `resources.${a}` as const),
  ...CRUD.map((a) => `prompts.${a}` as const),
  ...CRUD.map((a) => `servers.${a}` as const),
  ...CRUD.map((a) => `gateways.${a}` as const),
  ...CRUD.map((a) => `a2a.${a}` as const),
  'a2a.invoke',
  'tokens.read',
  'tokens.create',
  'tokens.revoke',
  'audit.read',
  'admin.config',
  'admin.roles',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** A role's entry: an exact permission, `domain.*`, or `*`. */
export type PermissionPattern = Permission | `${string}.*` | '*';

const KNOWN = new Set<string>(PERMISSIONS);
const DOMAINS = new Set(PERMISSIONS.map((p) => p.split('.')[0]));

export function isPermissionPattern(value: string): value is PermissionPattern {
  if (value === '*' || KNOWN.has(value)) return true;
  const [domain, action] = value.split('.');
  return action === '*' && DOMAINS.has(domain);
}

export function patternAllows(pattern: string, permission: string): boolean {
  if (pattern === '*' || pattern === permission) return true;
  return pattern.endsWith('.*') && permission.startsWith(pattern.slice(0, -1));
}

export function allows(patterns: Iterable<string>, permission: string): boolean {
  for (const p of patterns) if (patternAllows(p, permission)) return true;
  return false;
}

/** Read-only actions: what an auditor may do everywhere. */
export function isReadOnly(permission: string): boolean {
  return permission.endsWith('.read') || permission === 'audit.read';
}

export type RoleScope = 'global' | 'team';

export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
  scope: RoleScope;
  permissions: readonly PermissionPattern[];
  builtIn: boolean;
}

const CATALOG_DOMAINS = ['tools', 'resources', 'prompts', 'servers', 'gateways', 'a2a'] as const;

export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    id: 'platform_admin',
    name: 'Platform administrator',
    description: 'Everything, everywhere.',
    scope: 'global',
    permissions: ['*'],
    builtIn: true,
  },
  {
    id: 'auditor',
    name: 'Auditor',
    description: 'Reads the event log and every list, changes nothing.',
    scope: 'global',
    permissions: ['audit.read', ...PERMISSIONS.filter((p) => p.endsWith('.read') && p !== 'audit.read')],
    builtIn: true,
  },
  {
    id: 'team_owner',
    name: 'Team owner',
    description: "Runs the team: its members, invitations, and every resource and token in it.",
    scope: 'team',
    permissions: [
      'teams.read',
      'teams.update',
      'teams.delete',
      'teams.manage_members',
      ...CATALOG_DOMAINS.map((d) => `${d}.*` as const),
      'tokens.read',
      'tokens.create',
      'tokens.revoke',
    ],
    builtIn: true,
  },
  {
    id: 'team_member',
    name: 'Team member',
    description: 'Uses what the team shares and manages what they create themselves.',
    scope: 'team',
    permissions: [
      'teams.read',
      ...CATALOG_DOMAINS.map((d) => `${d}.read` as const),
      ...CATALOG_DOMAINS.map((d) => `${d}.create` as const),
      'tools.execute',
      'a2a.invoke',
      'tokens.read',
      'tokens.create',
    ],
    builtIn: true,
  },
];

export const MEMBERSHIP_ROLES = ['team_owner', 'team_member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export function isMembershipRole(roleId: string): roleId is MembershipRole {
  return (MEMBERSHIP_ROLES as readonly string[]).includes(roleId);
}

export const builtInRole = (id: string) => BUILT_IN_ROLES.find((r) => r.id === id);
