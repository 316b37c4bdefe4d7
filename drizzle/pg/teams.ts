import { pgTable, boolean, integer, text, varchar, char, uniqueIndex, index } from 'drizzle-orm/pg-core';

/** Projection of the team streams (events/teams/projection.ts). */
export const teams = pgTable(
  'teams',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    name: varchar('name', { length: 200 }).notNull(),
    slug: varchar('slug', { length: 200 }).notNull(),
    description: text('description').notNull(),
    visibility: varchar('visibility', { length: 16 }).notNull(),
    personal: boolean('personal').notNull(),
    createdBy: varchar('created_by', { length: 36 }).notNull(),
    memberCount: integer('member_count').notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    updatedAt: varchar('updated_at', { length: 24 }).notNull(),
  },
  (t) => [index('teams_visibility_idx').on(t.visibility, t.name), index('teams_created_by_idx').on(t.createdBy, t.personal)],
);

/**
 * Every role a user holds: team memberships (team_owner / team_member for that team) and custom or
 * built-in grants, global (team_id '') or within a team. One table, so "what may this user do" is one read.
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: varchar('id', { length: 200 }).primaryKey(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    roleId: varchar('role_id', { length: 100 }).notNull(),
    teamId: varchar('team_id', { length: 64 }).notNull(),
    grantedAt: varchar('granted_at', { length: 24 }).notNull(),
  },
  (t) => [
    uniqueIndex('role_grants_user_role_team_uq').on(t.userId, t.roleId, t.teamId),
    index('role_grants_team_role_idx').on(t.teamId, t.roleId),
  ],
);

export const teamInvitations = pgTable(
  'team_invitations',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    teamId: varchar('team_id', { length: 64 }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    role: varchar('role', { length: 32 }).notNull(),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    expiresAt: varchar('expires_at', { length: 24 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    invitedBy: varchar('invited_by', { length: 36 }).notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    decidedAt: varchar('decided_at', { length: 24 }),
  },
  (t) => [uniqueIndex('team_invitations_token_uq').on(t.tokenHash), index('team_invitations_team_idx').on(t.teamId, t.status)],
);

export const teamJoinRequests = pgTable(
  'team_join_requests',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    teamId: varchar('team_id', { length: 64 }).notNull(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    message: text('message').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    decidedAt: varchar('decided_at', { length: 24 }),
  },
  (t) => [index('team_join_requests_team_idx').on(t.teamId, t.status), index('team_join_requests_user_idx').on(t.userId)],
);

/** Custom roles; the built-in ones live in code (api/authz/permissions.ts). */
export const roles = pgTable(
  'roles',
  {
    id: varchar('id', { length: 100 }).primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description').notNull(),
    scope: varchar('scope', { length: 16 }).notNull(),
    permissions: text('permissions').notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    updatedAt: varchar('updated_at', { length: 24 }).notNull(),
  },
  (t) => [uniqueIndex('roles_name_uq').on(t.name)],
);
