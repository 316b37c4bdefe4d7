import { ForbiddenError, UnauthenticatedError } from '../../events/errors.js';
import type { Principal } from '../authz/principal.js';
import { CSRF_HEADER, SESSION_COOKIE, csrfTokenMatches, readCookie } from './cookies.js';
import { InvalidTokenError, type TokenService } from './jwt.js';
import type { RevocationView } from './revocations.js';
import type { UsersView } from './users-view.js';
import type { RequestInfo } from '../http/request-context.js';
import { looksLikeApiToken } from '../tokens/secret.js';

export interface AuthenticatorDeps {
  tokens: TokenService;
  users: UsersView;
  revocations: RevocationView;
  csrfSecret: string;
  /** API tokens (`sb_…`) are looked up here; session JWTs are verified above. */
  apiTokens: (token: string, request: Request, info: RequestInfo | undefined) => Principal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The request's credential → a principal built from current state (the in-memory views), or null when
 * none was sent. A Bearer token that is refused is an error (401); a session cookie that is refused is
 * ignored, so a stale cookie never stands in the way of signing in again.
 */
export function createAuthenticator(deps: AuthenticatorDeps) {
  async function principalFor(token: string): Promise<Principal> {
    const claims = await deps.tokens.verify(token);
    const user = deps.users.byEmail(claims.sub);
    if (!user) throw new InvalidTokenError('its user does not exist');
    if (!user.isActive) throw new InvalidTokenError('its user is deactivated');
    if (deps.revocations.refuses(claims.jti, user.id, claims.iat)) throw new InvalidTokenError('it has been revoked');
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      isPlatformAdmin: user.isPlatformAdmin,
      credential: { type: 'session', sessionId: claims.jti, issuedAt: claims.iat },
    };
  }

  return async function authenticate(request: Request, info?: RequestInfo): Promise<Principal | null> {
    const authorization = request.headers.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
      return looksLikeApiToken(match[1]) ? deps.apiTokens(match[1], request, info) : principalFor(match[1]);
    }
    const cookie = readCookie(request, SESSION_COOKIE);
    if (!cookie) return null;
    let principal: Principal;
    try {
      principal = await principalFor(cookie);
    } catch (err) {
      if (err instanceof UnauthenticatedError) return null;
      throw err;
    }
    // A browser sends cookies with cross-site requests; only our own page can read the CSRF cookie.
    if (!SAFE_METHODS.has(request.method) && principal.credential.type === 'session') {
      if (!csrfTokenMatches(deps.csrfSecret, principal.credential.sessionId, request.headers.get(CSRF_HEADER))) {
        throw new ForbiddenError(`A request authenticated by the session cookie must send the ${CSRF_HEADER} header (the value of the switchboard_csrf cookie)`);
      }
    }
    return principal;
  };
}
