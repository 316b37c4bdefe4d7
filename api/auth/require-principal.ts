import { UnauthenticatedError } from '../../events/errors.js';
import type { Principal } from '../authz/principal.js';
import type { RouteContext } from '../http/use-routes.js';

/** For REST routes: the request's principal, or 401 when it sent no credential. */
export async function requirePrincipal({ request, info, services }: RouteContext): Promise<Principal> {
  const principal = await services.authenticate(request, info);
  if (!principal) throw new UnauthenticatedError('Authentication required: send "Authorization: Bearer <token>"');
  return principal;
}
