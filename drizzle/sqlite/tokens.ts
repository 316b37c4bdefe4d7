import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/** Projection of the token streams (events/tokens/projection.ts). Only the SHA-256 of a token is kept. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** The name while the token is active, null once revoked: what makes a name unique per user, race-safe. */
    activeName: text('active_name'),
    tokenHash: text('token_hash').notNull(),
    description: text('description').notNull(),
    teamId: text('team_id'),
    serverId: text('server_id'),
    permissions: text('permissions'),
    ipRules: text('ip_rules').notNull(),
    expiresAt: text('expires_at'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    uniqueIndex('api_tokens_user_active_name_uq').on(t.userId, t.activeName),
    index('api_tokens_team_idx').on(t.teamId),
  ],
);

/** Operational, not derived from events and not replayed: one row per use of a token, kept USAGE_LOG_RETENTION_DAYS. */
export const apiTokenUsage = sqliteTable(
  'api_token_usage',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenId: text('token_id').notNull(),
    userId: text('user_id').notNull(),
    at: text('at').notNull(),
    surface: text('surface').notNull(),
    operation: text('operation'),
    toolName: text('tool_name'),
    outcome: text('outcome').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('api_token_usage_token_at_idx').on(t.tokenId, t.at), index('api_token_usage_at_idx').on(t.at)],
);

/** Operational per-token totals, updated with each flushed batch of usage rows. */
export const apiTokenUsageTotals = sqliteTable('api_token_usage_totals', {
  tokenId: text('token_id').primaryKey(),
  calls: integer('calls').notNull(),
  errors: integer('errors').notNull(),
  lastUsedAt: text('last_used_at'),
});
