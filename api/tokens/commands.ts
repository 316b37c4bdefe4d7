import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../events/db/errors.js';
import { AlreadyExistsError, ForbiddenError, NotFoundError, ValidationError } from '../../events/errors.js';
import type { Clock, EventStore, UnitOfWork } from '../../events/store/store.js';
import type { RequestMeta } from '../../events/store/types.js';
import { tokenDecider } from '../../events/tokens/decide.js';
import { tokenStreamId } from '../../events/tokens/events.js';
import { assertNoNul } from '../../events/text.js';
import type { Authz, Visibility } from '../authz/can.js';
import { isPermissionPattern } from '../authz/permissions.js';
import type { Principal } from '../authz/principal.js';
import type { Config } from '../config/config.js';
import { parseIpRules } from './ip-rules.js';
import { generateApiToken } from './secret.js';

export interface NewApiToken {
  name: string;
  /** Days until it expires; null: never (only when REQUIRE_TOKEN_EXPIRATION=false). */
  expiresInDays: number | null;
  description?: string | null;
  teamId?: string | null;
  serverId?: string | null;
  permissions?: string[] | null;
  ipRules?: string[] | null;
}

export type TokenRow = typeof import('../../drizzle/pg/schema.js').apiTokens.$inferSelect;

const MAX_EXPIRY_DAYS = 3650;

export function createTokenCommands(deps: { store: EventStore; authz: Authz; config: Config; clock: Clock }) {
  const { store, authz, config, clock } = deps;
  const { schema } = store.database;
  const { apiTokens, servers } = schema;

  /** The servers projection answers whether the principal can see the server a token is limited to. */
  async function serverVisible(p: Principal, serverId: string): Promise<boolean> {
    const [row] = await store.database.db
      .select({ teamId: servers.teamId, ownerEmail: servers.ownerEmail, visibility: servers.visibility })
      .from(servers)
      .where(eq(servers.id, serverId))
      .limit(1);
    return !!row && authz.canSee(p, { ...row, visibility: row.visibility as Visibility });
  }

  async function findToken(unit: UnitOfWork, tokenId: string): Promise<TokenRow | undefined> {
    const [row] = await unit.tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).limit(1);
    return row;
  }

  /** The owner, an owner of the token's team, or a platform admin; anyone else is told it does not exist. */
  function mayRevoke(p: Principal, token: TokenRow): boolean {
    if (token.userId === p.userId || authz.isFullAdmin(p)) return true;
    return token.teamId !== null && authz.membership(p, token.teamId) === 'team_owner' && authz.can(p, 'tokens.revoke', { teamId: token.teamId });
  }

  return {

    /** Returns the secret once; only its SHA-256 is stored. */
    async create(p: Principal, meta: RequestMeta, input: NewApiToken): Promise<{ token: string; tokenId: string }> {
      if (p.credential.type === 'api_token') throw new ForbiddenError('Sign in to create API tokens: a token cannot mint tokens');
      const name = input.name.trim();
      if (!name || name.length > 100) throw new ValidationError('name must be 1 to 100 characters', { field: 'name' });
      const description = (input.description ?? '').trim();
      assertNoNul({ name, description }, 'input');
      if (input.expiresInDays === null) {
        if (config.jwt.requireExpiration) throw new ValidationError('This server requires tokens to expire (REQUIRE_TOKEN_EXPIRATION): give expiresInDays', { field: 'expiresInDays' });
      } else if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_EXPIRY_DAYS) {
        throw new ValidationError(`expiresInDays must be a whole number from 1 to ${MAX_EXPIRY_DAYS}, or null for never`, { field: 'expiresInDays' });
      }
      const permissions = input.permissions ?? null;
      const unknown = (permissions ?? []).filter((x) => !isPermissionPattern(x));
      if (unknown.length) throw new ValidationError(`Unknown permission(s): ${unknown.join(', ')}`, { field: 'permissions', unknown });
      const ipRules = (input.ipRules ?? []).map((r) => r.trim());
      parseIpRules(ipRules);
      const teamId = input.teamId ?? null;
      if (teamId) {
        if (!authz.membership(p, teamId)) throw new NotFoundError('Team');
        if (!authz.can(p, 'tokens.create', { teamId })) throw new ForbiddenError('You need tokens.create in this team');
      }
      const serverId = input.serverId ?? null;
      if (serverId && !(await serverVisible(p, serverId))) throw new NotFoundError('Virtual server');

      const { token, hash } = generateApiToken();
      const tokenId = randomUUID();
      const expiresAt = input.expiresInDays === null ? null : new Date(clock.now().getTime() + input.expiresInDays * 86_400_000).toISOString();
      const taken = () => new AlreadyExistsError(`You already have an active token named ${name}`, { field: 'name' });
      try {
        await store.transact(meta, async (unit) => {
          const [same] = await unit.tx
            .select({ id: apiTokens.id })
            .from(apiTokens)
            .where(and(eq(apiTokens.userId, p.userId), eq(apiTokens.activeName, name)))
            .limit(1);
          if (same) throw taken();
          const { state, version } = await unit.load(tokenStreamId(tokenId), tokenDecider);
          const events = tokenDecider.decide(
            {
              type: 'Create',
              token: { tokenId, userId: p.userId, email: p.email, name, tokenHash: hash, description, teamId, serverId, permissions, ipRules, expiresAt },
            },
            state,
          );
          await unit.append(tokenStreamId(tokenId), version, events);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw taken();
        throw err;
      }
      return { token, tokenId };
    },

    async revoke(p: Principal, meta: RequestMeta, tokenId: string, reason: string | null | undefined) {
      const why = (reason ?? '').trim() || 'revoked';
      if (why.length > 500) throw new ValidationError('reason must be at most 500 characters', { field: 'reason' });
      await store.transact(meta, async (unit) => {
        const token = await findToken(unit, tokenId);
        if (!token || !mayRevoke(p, token)) throw new NotFoundError('API token');
        const { state, version } = await unit.load(tokenStreamId(tokenId), tokenDecider);
        await unit.append(tokenStreamId(tokenId), version, tokenDecider.decide({ type: 'Revoke', reason: why }, state));
      });
    },
  };
}

export type TokenCommands = ReturnType<typeof createTokenCommands>;
