import { mysqlTable, boolean, varchar, index } from 'drizzle-orm/mysql-core';

/** Projection of the SSO provider streams defined through GraphQL (events/sso/projection.ts). */
export const ssoProviders = mysqlTable('sso_providers', {
  id: varchar('id', { length: 64 }).primaryKey(),
  name: varchar('name', { length: 255 }).notNull(),
  preset: varchar('preset', { length: 16 }).notNull(),
  issuer: varchar('issuer', { length: 2048 }).notNull(),
  clientId: varchar('client_id', { length: 255 }).notNull(),
  /** Sealed by api/crypto/secret-box.ts; never the plaintext. */
  clientSecret: varchar('client_secret', { length: 2048 }).notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: varchar('created_at', { length: 24 }).notNull(),
  updatedAt: varchar('updated_at', { length: 24 }).notNull(),
});

/** Projection of the SSO approval streams: one row per email that signed in while approval was required. */
export const ssoApprovals = mysqlTable(
  'sso_approvals',
  {
    email: varchar('email', { length: 320 }).primaryKey(),
    fullName: varchar('full_name', { length: 255 }).notNull(),
    providerId: varchar('provider_id', { length: 64 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    requestedAt: varchar('requested_at', { length: 24 }).notNull(),
    decidedAt: varchar('decided_at', { length: 24 }),
    decidedBy: varchar('decided_by', { length: 320 }),
    reason: varchar('reason', { length: 1000 }),
  },
  (t) => [index('sso_approvals_status_idx').on(t.status, t.requestedAt)],
);

/** Operational, not derived from events and not replayed: one row per sign-in in flight, deleted when used or expired. */
export const ssoAuthStates = mysqlTable(
  'sso_auth_states',
  {
    /** SHA-256 of the state sent to the provider, so a reader of this table cannot complete someone's sign-in. */
    stateHash: varchar('state_hash', { length: 64 }).primaryKey(),
    providerId: varchar('provider_id', { length: 64 }).notNull(),
    nonce: varchar('nonce', { length: 128 }).notNull(),
    codeVerifier: varchar('code_verifier', { length: 128 }).notNull(),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    expiresAt: varchar('expires_at', { length: 24 }).notNull(),
  },
  (t) => [index('sso_auth_states_expires_idx').on(t.expiresAt)],
);
