import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/** Projection of the SSO provider streams defined through GraphQL (events/sso/projection.ts). */
export const ssoProviders = sqliteTable('sso_providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  preset: text('preset').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** Sealed by api/crypto/secret-box.ts; never the plaintext. */
  clientSecret: text('client_secret').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Projection of the SSO approval streams: one row per email that signed in while approval was required. */
export const ssoApprovals = sqliteTable(
  'sso_approvals',
  {
    email: text('email').primaryKey(),
    fullName: text('full_name').notNull(),
    providerId: text('provider_id').notNull(),
    status: text('status').notNull(),
    requestedAt: text('requested_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
  },
  (t) => [index('sso_approvals_status_idx').on(t.status, t.requestedAt)],
);

/** Operational, not derived from events and not replayed: one row per sign-in in flight, deleted when used or expired. */
export const ssoAuthStates = sqliteTable(
  'sso_auth_states',
  {
    /** SHA-256 of the state sent to the provider, so a reader of this table cannot complete someone's sign-in. */
    stateHash: text('state_hash').primaryKey(),
    providerId: text('provider_id').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sso_auth_states_expires_idx').on(t.expiresAt)],
);
