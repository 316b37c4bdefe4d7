import { mysqlTable, bigint, int, text, varchar, char, uniqueIndex, index } from 'drizzle-orm/mysql-core';

/** Projection of the token streams (events/tokens/projection.ts). Only the SHA-256 of a token is kept. */
export const apiTokens = mysqlTable(
  'api_tokens',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    /** The name while the token is active, null once revoked: what makes a name unique per user, race-safe. */
    activeName: varchar('active_name', { length: 100 }),
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    description: text('description').notNull(),
    teamId: varchar('team_id', { length: 64 }),
    serverId: varchar('server_id', { length: 200 }),
    permissions: text('permissions'),
    ipRules: text('ip_rules').notNull(),
    expiresAt: varchar('expires_at', { length: 24 }),
    createdAt: varchar('created_at', { length: 24 }).notNull(),
    revokedAt: varchar('revoked_at', { length: 24 }),
    revokedBy: varchar('revoked_by', { length: 320 }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    uniqueIndex('api_tokens_user_active_name_uq').on(t.userId, t.activeName),
    index('api_tokens_team_idx').on(t.teamId),
  ],
);

/** Operational, not derived from events and not replayed: one row per use of a token, kept USAGE_LOG_RETENTION_DAYS. */
export const apiTokenUsage = mysqlTable(
  'api_token_usage',
  {
    id: int('id').autoincrement().primaryKey(),
    tokenId: varchar('token_id', { length: 36 }).notNull(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    at: varchar('at', { length: 24 }).notNull(),
    surface: varchar('surface', { length: 16 }).notNull(),
    operation: varchar('operation', { length: 200 }),
    toolName: varchar('tool_name', { length: 255 }),
    outcome: varchar('outcome', { length: 16 }).notNull(),
    latencyMs: int('latency_ms').notNull(),
    clientIp: varchar('client_ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: 512 }),
  },
  (t) => [index('api_token_usage_token_at_idx').on(t.tokenId, t.at), index('api_token_usage_at_idx').on(t.at)],
);

/** Operational per-token totals, updated with each flushed batch of usage rows. */
export const apiTokenUsageTotals = mysqlTable('api_token_usage_totals', {
  tokenId: varchar('token_id', { length: 36 }).primaryKey(),
  calls: bigint('calls', { mode: 'number' }).notNull(),
  errors: bigint('errors', { mode: 'number' }).notNull(),
  lastUsedAt: varchar('last_used_at', { length: 24 }),
});
