import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/** Projection of the user streams (events/users/projection.ts). */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash'),
    isPlatformAdmin: integer('is_platform_admin', { mode: 'boolean' }).notNull(),
    isActive: integer('is_active', { mode: 'boolean' }).notNull(),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull(),
    source: text('source').notNull(),
    failedAttempts: integer('failed_attempts').notNull(),
    lockedUntil: text('locked_until'),
    tokensNotBefore: text('tokens_not_before'),
    lastLoginAt: text('last_login_at'),
    passwordChangedAt: text('password_changed_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index('users_admin_idx').on(t.isPlatformAdmin, t.isActive)],
);

/** Projection of the session streams. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    method: text('method').notNull(),
    issuedAt: text('issued_at').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.issuedAt)],
);

/** Every revoked credential (sessions, API tokens), read into the in-memory revocation view at start-up. */
export const credentialRevocations = sqliteTable(
  'credential_revocations',
  {
    credentialId: text('credential_id').primaryKey(),
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    reason: text('reason').notNull(),
    revokedAt: text('revoked_at').notNull(),
    expiresAt: text('expires_at'),
  },
  (t) => [index('credential_revocations_expires_idx').on(t.expiresAt)],
);
