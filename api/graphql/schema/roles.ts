import { builder } from '../builder.js';
import { listRoles, type RoleRow } from '../../roles/queries.js';
import { NotFoundError } from '../../../events/errors.js';
import { principalOf } from './teams.js';

const RoleScope = builder.enumType('RoleScope', { values: ['global', 'team'] as const });

const Role = builder.objectRef<RoleRow>('Role').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    scope: t.field({ type: RoleScope, resolve: (r) => r.scope }),
    permissions: t.exposeStringList('permissions'),
    builtIn: t.exposeBoolean('builtIn'),
  }),
});

async function findRole(ctx: Parameters<typeof principalOf>[0], id: string) {
  const role = (await listRoles(ctx.services.database)).find((r) => r.id === id);
  if (!role) throw new NotFoundError('Role');
  return role;
}

builder.queryFields((t) => ({
  roles: t.field({
    type: [Role],
    description: 'Built-in and custom roles with their permissions',
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => listRoles(ctx.services.database),
  }),
  myPermissions: t.stringList({
    description: 'The permission patterns you hold in a team (membership and team roles) plus your global ones; without teamId, the global ones',
    authScopes: { authenticated: true },
    args: { teamId: t.arg.id() },
    resolve: async (_r, a, ctx) => {
      const p = principalOf(ctx);
      const teamId = a.teamId ? String(a.teamId) : null;
      if (teamId && !(await ctx.services.teamQueries.team(p, teamId))) throw new NotFoundError('Team');
      return ctx.services.authz.permissionsIn(p, teamId);
    },
  }),
}));

builder.mutationFields((t) => ({
  createRole: t.field({
    type: Role,
    authScopes: { permission: 'admin.roles' },
    args: {
      name: t.arg.string({ required: true }),
      description: t.arg.string(),
      scope: t.arg({ type: RoleScope, required: true }),
      permissions: t.arg.stringList({ required: true }),
    },
    resolve: async (_r, a, ctx) => findRole(ctx, await ctx.services.roles.createRole(principalOf(ctx), ctx.meta(), a)),
  }),
  updateRole: t.field({
    type: Role,
    authScopes: { permission: 'admin.roles' },
    args: { id: t.arg.id({ required: true }), name: t.arg.string(), description: t.arg.string(), permissions: t.arg.stringList() },
    resolve: async (_r, a, ctx) => {
      await ctx.services.roles.updateRole(principalOf(ctx), ctx.meta(), String(a.id), a);
      return findRole(ctx, String(a.id));
    },
  }),
  deleteRole: t.boolean({
    authScopes: { permission: 'admin.roles' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      await ctx.services.roles.deleteRole(principalOf(ctx), ctx.meta(), String(a.id));
      return true;
    },
  }),
  grantRole: t.boolean({
    description: 'Grant a custom role (or auditor) globally, or within a team the grantee belongs to. Not for team_owner/team_member.',
    authScopes: { permission: 'admin.roles' },
    args: { email: t.arg.string({ required: true }), roleId: t.arg.id({ required: true }), teamId: t.arg.id() },
    resolve: async (_r, a, ctx) => {
      await ctx.services.roles.grantRole(principalOf(ctx), ctx.meta(), a.email, String(a.roleId), a.teamId ? String(a.teamId) : null);
      return true;
    },
  }),
  revokeRole: t.boolean({
    authScopes: { permission: 'admin.roles' },
    args: { email: t.arg.string({ required: true }), roleId: t.arg.id({ required: true }), teamId: t.arg.id() },
    resolve: async (_r, a, ctx) => {
      await ctx.services.roles.revokeRole(principalOf(ctx), ctx.meta(), a.email, String(a.roleId), a.teamId ? String(a.teamId) : null);
      return true;
    },
  }),
}));
