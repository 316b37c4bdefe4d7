import type { Plugin } from 'graphql-yoga';
import type { Services } from '../services.js';
import { AppError, isAppError } from '../../events/errors.js';
import { errorResponse } from './respond.js';
import { requestInfo, type RequestInfo, type ServerContext } from './request-context.js';

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  info: RequestInfo;
  services: Services;
  server: ServerContext | undefined;
}

export interface Route {
  method: string | readonly string[];
  /** A path below APP_ROOT_PATH with `:name` segments, e.g. `/servers/:id/mcp`. */
  path: string;
  handle(ctx: RouteContext): Response | Promise<Response>;
}

interface CompiledRoute {
  methods: ReadonlySet<string>;
  pattern: RegExp;
  route: Route;
}

function compile(root: string, route: Route): CompiledRoute {
  const source = (root + route.path)
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const methods = new Set(typeof route.method === 'string' ? [route.method] : route.method);
  return { methods, pattern: new RegExp(`^${source}/?$`), route };
}

/**
 * REST and MCP routes served by the same Yoga server: matched in `onRequest`, answered with
 * `endResponse` before Yoga's own handling. Matchers are compiled once, at start-up.
 */
export function useRoutes(routes: readonly Route[], services: Services): Plugin<{}, ServerContext> {
  const compiled = routes.map((r) => compile(services.config.rootPath, r));
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      const allowed = new Set<string>();
      for (const { methods, pattern, route } of compiled) {
        const match = pattern.exec(url.pathname);
        if (!match) continue;
        if (!methods.has(request.method)) {
          methods.forEach((m) => allowed.add(m));
          continue;
        }
        const params = Object.fromEntries(
          Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
        const info = requestInfo(request, serverContext, services);
        try {
          endResponse(await route.handle({ request, url, params, info, services, server: serverContext }));
        } catch (err) {
          if (!isAppError(err)) services.logger.error({ err, requestId: info.requestId }, 'route failed');
          endResponse(errorResponse(err));
        }
        return;
      }
      // OPTIONS falls through to Yoga's CORS handling of preflights.
      if (allowed.size && request.method !== 'OPTIONS') {
        const methods = [...allowed].join(', ');
        endResponse(errorResponse(new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${methods}`), { allow: methods }));
      }
    },
  };
}
