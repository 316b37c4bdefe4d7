import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/** Projection of the team streams (events/teams/projection.ts). */
export const teams = sqliteTable(
  'teams',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull(),
    visibility: text('visibility').notNull(),
    personal: integer('personal', { mode: 'boolean' }).notNull(),
    createdBy: text('created_by').notNull(),
    memberCount: integer('member_count').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('teams_visibility_idx').on(t.visibility, t.name), index('teams_created_by_idx').on(t.createdBy, t.personal)],
);

/**
 * Every role a user holds: team memberships (team_owner / team_member for that team) and custom or
 * built-in grants, global (team_id '') or within a team. One table, so "what may this user do" is one read.
 */
export const roleGrants = sqliteTable(
  'role_grants',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    roleId: text('role_id').notNull(),
    teamId: text('team_id').notNull(),
    grantedAt: text('granted_at').notNull(),
  },
  (t) => [
    uniqueIndex('role_grants_user_role_team_uq').on(t.userId, t.roleId, t.teamId),
    index('role_grants_team_role_idx').on(t.teamId, t.roleId),
  ],
);

export const teamInvitations = sqliteTable(
  'team_invitations',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: text('expires_at').notNull(),
    status: text('status').notNull(),
    invitedBy: text('invited_by').notNull(),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
  },
  (t) => [uniqueIndex('team_invitations_token_uq').on(t.tokenHash), index('team_invitations_team_idx').on(t.teamId, t.status)],
);

export const teamJoinRequests = sqliteTable(
  'team_join_requests',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    message: text('message').notNull(),
    status: text('status').notNull(),
    createdAt: text('created_at').notNull(),
    decidedAt: text('decided_at'),
  },
  (t) => [index('team_join_requests_team_idx').on(t.teamId, t.status), index('team_join_requests_user_idx').on(t.userId)],
);

/** Custom roles; the built-in ones live in code (api/authz/permissions.ts). */
export const roles = sqliteTable(
  'roles',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    scope: text('scope').notNull(),
    permissions: text('permissions').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('roles_name_uq').on(t.name)],
);
