import { pgTable, boolean, integer, varchar, uniqueIndex, index } from 'drizzle-orm/pg-core';

/** Projection of the user streams (events/users/projection.ts). */
export const users = pgTable(
  'users',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    email: varchar('email', { length: 320 }).notNull(),
    fullName: varchar('full_name', { length: 255 }).notNull(),
    passwordHash: varchar('password_hash', { length: 255 }),
    isPlatformAdmin: boolean('is_platform_admin').notNull(),
    isActive: boolean('is_active').notNull(),
    emailVerified: boolean('email_verified').notNull(),
    source: varchar('source', { length: 16 }).notNull(),
    failedAttempts: integer('failed_attempts').notNull(),
    lockedUntil: varchar('locked_until', { length: 24 }),
    tokensNotBefore: varchar('tokens_not_before', { length: 24 }),
    lastLoginAt: varchar('last_login_at', { length: 24 }),
    passwordChangedAt: varchar('password_changed_at', { length: 24 }),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    updatedAt: varchar('updated_at', { length: 24 }).notNull(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), index('users_admin_idx').on(t.isPlatformAdmin, t.isActive)],
);

/** Projection of the session streams. */
export const sessions = pgTable(
  'sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    method: varchar('method', { length: 16 }).notNull(),
    issuedAt: varchar('issued_at', { length: 24 }).notNull(),
    expiresAt: varchar('expires_at', { length: 24 }),
    revokedAt: varchar('revoked_at', { length: 24 }),
    revokeReason: varchar('revoke_reason', { length: 64 }),
  },
  (t) => [index('sessions_user_idx').on(t.userId, t.issuedAt)],
);

/** Every revoked credential (sessions, API tokens), read into the in-memory revocation view at start-up. */
export const credentialRevocations = pgTable(
  'credential_revocations',
  {
    credentialId: varchar('credential_id', { length: 64 }).primaryKey(),
    kind: varchar('kind', { length: 16 }).notNull(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    reason: varchar('reason', { length: 64 }).notNull(),
    revokedAt: varchar('revoked_at', { length: 24 }).notNull(),
    expiresAt: varchar('expires_at', { length: 24 }),
  },
  (t) => [index('credential_revocations_expires_idx').on(t.expiresAt)],
);
