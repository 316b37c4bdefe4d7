import { AppError, ForbiddenError, UnauthenticatedError } from '../../../events/errors.js';
import type { Principal } from '../../authz/principal.js';
import type { RouteContext } from '../../http/use-routes.js';
import { errorResponse } from '../../http/respond.js';
import type { Services } from '../../services.js';
import { apiTokenHolds } from '../../tokens/authenticate.js';

/** What an MCP request authenticated as, and how to tell later that the credential no longer holds. */
export interface McpCaller {
  principal: Principal;
  /** Asked on every commit while a session or stream is open: false ends it at once. */
  stillValid(): boolean;
}

const HOW_TO_GET_A_TOKEN =
  'Send "Authorization: Bearer <token>". Get a token with POST /auth/email/login {"email": …, "password": …} (the access_token of the answer).';

/**
 * The one place an MCP endpoint turns a request into a caller: a Bearer credential only (a browser's
 * cookie never authenticates an MCP client), checked as every other surface checks it, plus the check
 * that keeps an open session honest. API tokens join here.
 */
export async function mcpCaller({ request, info, services }: Pick<RouteContext, 'request' | 'info' | 'services'>): Promise<McpCaller> {
  if (!request.headers.get('authorization')) throw new UnauthenticatedError(`Authentication required. ${HOW_TO_GET_A_TOKEN}`);
  let principal: Principal | null;
  try {
    principal = await services.authenticate(request, info);
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNAUTHENTICATED') throw new UnauthenticatedError(`${err.message}. ${HOW_TO_GET_A_TOKEN}`);
    throw err;
  }
  if (!principal) throw new UnauthenticatedError(`Authentication required. ${HOW_TO_GET_A_TOKEN}`);
  return { principal, stillValid: () => credentialHolds(services, principal) };
}

/** The credential is still good: its user active, the session not revoked nor cut by "end all sessions". */
export function credentialHolds(services: Services, p: Principal): boolean {
  const user = services.auth.users.byId(p.userId);
  if (!user || !user.isActive) return false;
  const c = p.credential;
  if (c.type === 'session') return !services.auth.revocations.refuses(c.sessionId, p.userId, c.issuedAt);
  return apiTokenHolds({ tokens: services.auth.apiTokens, users: services.auth.users, authz: services.authz, clock: services.clock }, p);
}

/** 401 with the challenge RFC 6750 asks for; other errors in the REST shape. */
export function mcpErrorResponse(err: unknown): Response {
  if (err instanceof AppError && err.code === 'UNAUTHENTICATED') {
    const bad = /revoked|deactivated|expired|invalid|signature|does not exist/i.test(err.message);
    return errorResponse(err, { 'www-authenticate': `Bearer realm="switchboard"${bad ? ', error="invalid_token"' : ''}` });
  }
  if (err instanceof AppError && err.code === 'INSUFFICIENT_SCOPE') {
    return errorResponse(err, { 'www-authenticate': 'Bearer realm="switchboard", error="insufficient_scope"' });
  }
  return errorResponse(err);
}

/** ALLOWED_ORIGINS against DNS rebinding: a browser page from elsewhere may not drive a local gateway. */
export function checkOrigin(request: Request, services: Services): void {
  const origin = request.headers.get('origin');
  if (origin && !services.config.http.allowedOrigins.includes(origin)) throw new ForbiddenError(`Origin ${origin} is not allowed (ALLOWED_ORIGINS)`);
}
