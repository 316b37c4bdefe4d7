import type { Route, RouteContext } from './use-routes.js';
import { json } from './respond.js';
import { readJsonBody } from './body.js';
import { requestMeta } from './request-context.js';
import { requirePrincipal } from '../auth/require-principal.js';
import type { IssuedToken } from '../auth/accounts.js';
import type { UserRecord } from '../../events/users/read.js';

/**
 * The REST surface existing scripts use, with exactly the bodies they expect (snake_case). The admin UI
 * uses GraphQL; both call the same account service.
 */
const body = (ctx: RouteContext) => readJsonBody(ctx.request, ctx.services.config.http.maxRequestBodyBytes);

function userBody(user: UserRecord) {
  return { email: user.email, full_name: user.fullName, is_admin: user.isPlatformAdmin };
}

function tokenBody(issued: IssuedToken) {
  return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn, user: userBody(issued.user) };
}

export const loginRoute: Route = {
  method: 'POST',
  path: '/auth/email/login',
  async handle(ctx) {
    const { email, password } = await body(ctx);
    return json(tokenBody(await ctx.services.accounts.signIn(email, password, requestMeta(ctx.info, null))));
  },
};

export const registerRoute: Route = {
  method: 'POST',
  path: '/auth/email/register',
  async handle(ctx) {
    const { email, password, full_name } = await body(ctx);
    const user = await ctx.services.accounts.register({ email, password, fullName: full_name }, requestMeta(ctx.info, null));
    return json({ user: userBody(user) }, 201);
  },
};

export const changePasswordRoute: Route = {
  method: 'POST',
  path: '/auth/email/change-password',
  async handle(ctx) {
    const principal = await requirePrincipal(ctx);
    const { old_password, new_password } = await body(ctx);
    const issued = await ctx.services.accounts.changePassword(principal, old_password, new_password, requestMeta(ctx.info, principal.email));
    return json(tokenBody(issued));
  },
};

export const logoutRoute: Route = {
  method: 'POST',
  path: '/auth/email/logout',
  async handle(ctx) {
    const principal = await requirePrincipal(ctx);
    await ctx.services.accounts.logout(principal, requestMeta(ctx.info, principal.email));
    return new Response(null, { status: 204 });
  },
};

export const meRoute: Route = {
  method: 'GET',
  path: '/auth/email/me',
  async handle(ctx) {
    const principal = await requirePrincipal(ctx);
    const user = await ctx.services.accounts.findUser(principal.email);
    const teams = (await ctx.services.teamQueries.memberships(principal.userId)).map((t) => ({
      id: t.id,
      name: t.name,
      slug: t.slug,
      role: t.role,
      is_personal: t.personal,
    }));
    return json({ ...userBody(user), email_verified: user.emailVerified, teams });
  },
};

export const authEmailRoutes: Route[] = [loginRoute, registerRoute, changePasswordRoute, logoutRoute, meRoute];
