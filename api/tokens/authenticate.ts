import { AppError, ForbiddenError } from '../../events/errors.js';
import type { Clock } from '../../events/store/store.js';
import type { Authz } from '../authz/can.js';
import type { Principal } from '../authz/principal.js';
import type { RequestInfo } from '../http/request-context.js';
import { InvalidTokenError } from '../auth/jwt.js';
import type { UsersView } from '../auth/users-view.js';
import { hashApiToken } from './secret.js';
import type { TokenView } from './view.js';
import { noteTokenUse } from './use-token-usage.js';

export class InsufficientScopeError extends AppError {
  constructor(message: string) {
    super('INSUFFICIENT_SCOPE', message);
  }
}

export interface ApiTokenAuthDeps {
  tokens: TokenView;
  users: UsersView;
  authz: Authz;
  clock: Clock;
  rootPath: string;
}

/**
 * An API token → its creator's principal, narrowed by the token, from current state only: the in-memory
 * token, user and grant views. A removed membership, a deactivated creator or a revocation applies to the
 * very next request.
 */
export function createApiTokenAuthenticator({ tokens, users, authz, clock, rootPath }: ApiTokenAuthDeps) {
  return function principalForApiToken(token: string, request: Request, info: RequestInfo | undefined): Principal {
    const found = tokens.byHash(hashApiToken(token));
    if (!found) throw new InvalidTokenError('it is unknown or has been revoked');
    // Recorded whatever follows: a refused use of a known token belongs in its usage log too.
    noteTokenUse(request, found.id, found.userId);
    if (found.expiresAt !== null && found.expiresAt <= clock.now().getTime()) throw new InvalidTokenError('it has expired');
    const user = users.byId(found.userId);
    if (!user?.isActive) throw new InvalidTokenError('its creator is deactivated');
    if (!found.ipRules.allows(info?.clientIp ?? null)) {
      throw new ForbiddenError(`This token may not be used from ${info?.clientIp ?? 'an unknown address'} (its IP rules)`);
    }
    const principal: Principal = {
      kind: 'user',
      userId: user.id,
      email: user.email,
      isPlatformAdmin: user.isPlatformAdmin,
      credential: { type: 'api_token', tokenId: found.id },
      scope: { teamId: found.teamId, serverId: found.serverId, permissions: found.permissions },
    };
    if (found.teamId && !authz.membership(principal, found.teamId)) {
      throw new InvalidTokenError("its creator no longer belongs to the token's team");
    }
    if (found.serverId) {
      const prefix = `${rootPath}/servers/${encodeURIComponent(found.serverId)}/`;
      if (!new URL(request.url).pathname.startsWith(prefix)) {
        throw new InsufficientScopeError(`This token is limited to the virtual server ${found.serverId}: use it on ${prefix}…`);
      }
    }
    return principal;
  };
}

/**
 * Whether an API-token principal still holds, for sessions and streams opened with it: active (not
 * revoked), not expired, its creator active and, for a team token, still a member.
 */
export function apiTokenHolds({ tokens, users, authz, clock }: Omit<ApiTokenAuthDeps, 'rootPath'>, principal: Principal): boolean {
  if (principal.credential.type !== 'api_token') return false;
  const found = tokens.byId(principal.credential.tokenId);
  if (!found || (found.expiresAt !== null && found.expiresAt <= clock.now().getTime())) return false;
  if (!users.byId(found.userId)?.isActive) return false;
  return !found.teamId || authz.membership(principal, found.teamId) !== null;
}
