import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useGenericAuth } from '@envelop/generic-auth';
import { GraphQLError } from 'graphql';
import { isAppError } from '../events/errors.js';
import { schema } from './graphql/schema/index.js';
import { redactGraphQLValues } from './graphql/redact-values.js';
import type { GraphQLContext } from './graphql/context.js';
import type { Principal } from './authz/principal.js';
import { requestInfo, requestMeta, type ServerContext } from './http/request-context.js';
import { useRoutes, type Route } from './http/use-routes.js';
import { useSecurityHeaders } from './http/use-security-headers.js';
import { useBodyLimit } from './http/use-body-limit.js';
import { useRequestLog } from './http/use-request-log.js';
import { useNotFound } from './http/use-not-found.js';
import { useAllowedHosts } from './http/use-allowed-hosts.js';
import { healthRoute } from './http/health.js';
import { versionRoute } from './http/version.js';
import { authEmailRoutes } from './http/auth-email.js';
import { mcpRoutes } from './mcp/endpoints/routes.js';
import { ssoRoutes } from './http/sso.js';
import { useTokenUsage } from './tokens/use-token-usage.js';
import { useResponseCookies } from './auth/use-response-cookies.js';
import type { Services } from './services.js';

export type App = YogaServerInstance<ServerContext, GraphQLContext>;

/** Routes every domain contributes; kept in one list so the order of matching is visible. */
export function routes(): Route[] {
  return [healthRoute, versionRoute, ...authEmailRoutes, ...ssoRoutes, ...mcpRoutes];
}

/**
 * The one HTTP application: GraphQL at /graphql plus the REST and MCP routes, on the same Yoga instance
 * (so tests call `app.fetch(...)` in process and `api/server.ts` serves it on a socket).
 */
export function createApp(services: Services): App {
  const { config, logger } = services;
  const graphqlEndpoint = `${config.rootPath}/graphql`;
  // Yoga's own check answers without touching the database: our liveness probe. GET /health is readiness.
  const healthCheckEndpoint = `${config.rootPath}/health/live`;
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint,
    landingPage: false,
    healthCheckEndpoint,
    graphiql: !config.production,
    logging: {
      debug: (...args) => logger.debug(redactGraphQLValues(args.map(String).join(' '))),
      info: (...args) => logger.info(redactGraphQLValues(args.map(String).join(' '))),
      warn: (...args) => logger.warn(redactGraphQLValues(args.map(String).join(' '))),
      error: (...args) => logger.error(redactGraphQLValues(args.map(String).join(' '))),
    },
    cors: config.http.corsEnabled
      ? {
          origin: config.http.allowedOrigins,
          credentials: true,
          allowedHeaders: ['authorization', 'content-type', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'x-csrf-token', 'x-request-id'],
          exposedHeaders: ['mcp-session-id', 'x-request-id', 'www-authenticate'],
          methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        }
      : false,
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isAppError(original)) {
          const path = (error as GraphQLError).path;
          return new GraphQLError(original.message, {
            nodes: (error as GraphQLError).nodes,
            path,
            extensions: { code: original.code, ...(original.details ?? {}), ...(path ? {} : credentialFailure(original.code)) },
          });
        }
        // Before execution (syntax, validation, variable coercion) an error has no path: the request was bad.
        if (error instanceof GraphQLError && (!original || (original instanceof GraphQLError && !error.path))) {
          const code = (error.extensions?.code as string | undefined) ?? 'BAD_USER_INPUT';
          return new GraphQLError(redactGraphQLValues(error.message), { nodes: error.nodes, path: error.path, extensions: { code } });
        }
        logger.error({ err: original }, 'unexpected GraphQL error');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL' } });
      },
    },
    context: ({ request, ...server }) => {
      const info = requestInfo(request, server as ServerContext, services);
      const ctx = { request, info, services } as GraphQLContext;
      // Yoga copies this object into the context it hands resolvers, and the principal is added to that
      // copy later: `this` (the object `meta` is called on) is the one that has it.
      ctx.meta = function (this: GraphQLContext) {
        return requestMeta(info, this.principal?.email ?? null);
      };
      return ctx;
    },
    plugins: [
      useRequestLog(services),
      ...(config.http.securityHeaders ? [useSecurityHeaders({ hsts: config.appDomain.startsWith('https://') })] : []),
      useAllowedHosts(config.http.allowedHosts),
      useBodyLimit(config.http.maxRequestBodyBytes),
      useResponseCookies(),
      useTokenUsage(services),
      useRoutes(routes(), services),
      useNotFound([graphqlEndpoint, healthCheckEndpoint]),
      useGenericAuth<Principal, GraphQLContext, 'principal'>({
        mode: 'resolve-only',
        contextFieldName: 'principal',
        resolveUserFn: (ctx) => services.authenticate(ctx.request, ctx.info),
      }),
    ],
  });
}

/**
 * A refused credential fails the whole request (no field ran), so it answers like the REST surface:
 * 401 or 403 with an RFC 6750 challenge. Errors inside resolvers keep GraphQL's 200.
 */
function credentialFailure(code: string) {
  const challenge = (error: string) => ({ 'www-authenticate': `Bearer realm="switchboard", error="${error}"` });
  if (code === 'UNAUTHENTICATED') return { http: { status: 401, headers: challenge('invalid_token') } };
  if (code === 'INSUFFICIENT_SCOPE') return { http: { status: 403, headers: challenge('insufficient_scope') } };
  return {};
}
