import { isAppError } from '../../events/errors.js';
import { sessionCookies } from '../auth/cookies.js';
import type { Route, RouteContext } from './use-routes.js';
import { json } from './respond.js';
import { requestMeta } from './request-context.js';

/**
 * The browser side of single sign-on. Login and callback are top-level navigations, so their failures are
 * an HTML page a person can read (never JSON, never a stack trace); success sets the session cookie and
 * returns to the UI. Scripts use API tokens, not this flow.
 */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function ssoErrorPage(ctx: RouteContext, err: unknown): Response {
  const known = isAppError(err);
  if (!known) ctx.services.logger.error({ err, requestId: ctx.info.requestId }, 'SSO sign-in failed');
  const status = known ? err.status : 500;
  const message = known ? err.message : 'Something went wrong on our side while signing you in. Try again in a moment.';
  const home = `${ctx.services.config.appDomain}${ctx.services.config.rootPath}/`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>Sign-in failed</h1>
<p>${escape(message)}</p>
<p><a href="${escape(home)}">Back to the sign-in page</a></p>
<p style="color: #666; font-size: .85rem">Reference: ${escape(ctx.info.requestId)}</p>
</body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

const noStore = { 'cache-control': 'no-store' };

export const ssoProvidersRoute: Route = {
  method: 'GET',
  path: '/auth/sso/providers',
  async handle(ctx) {
    const { sso, config } = ctx.services;
    const providers = (await sso.providers.enabled()).map((p) => ({
      id: p.id,
      name: p.name,
      preset: p.preset,
      login_url: `${config.appDomain}${config.rootPath}/auth/sso/login/${encodeURIComponent(p.id)}`,
    }));
    return json({ providers });
  },
};

export const ssoLoginRoute: Route = {
  method: 'GET',
  path: '/auth/sso/login/:provider',
  async handle(ctx) {
    try {
      const url = await ctx.services.sso.begin(ctx.params.provider);
      return new Response(null, { status: 302, headers: { location: url.href, ...noStore } });
    } catch (err) {
      return ssoErrorPage(ctx, err);
    }
  },
};

export const ssoCallbackRoute: Route = {
  method: 'GET',
  path: '/auth/sso/callback/:provider',
  async handle(ctx) {
    const { config } = ctx.services;
    try {
      const issued = await ctx.services.sso.complete(ctx.params.provider, ctx.url.searchParams, requestMeta(ctx.info, null));
      const settings = { rootPath: config.rootPath, secure: config.http.secureCookies, sameSite: config.http.cookieSameSite };
      const headers = new Headers({ location: `${config.appDomain}${config.rootPath}/`, ...noStore });
      for (const cookie of sessionCookies(settings, issued.accessToken, issued.csrfToken, issued.expiresIn ?? config.jwt.expiryMinutes * 60)) {
        headers.append('set-cookie', cookie);
      }
      return new Response(null, { status: 302, headers });
    } catch (err) {
      return ssoErrorPage(ctx, err);
    }
  },
};

export const ssoRoutes: Route[] = [ssoProvidersRoute, ssoLoginRoute, ssoCallbackRoute];
