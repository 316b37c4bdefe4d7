import type { Plugin } from 'graphql-yoga';
import type { Services } from '../services.js';
import { requestInfo, type ServerContext } from './request-context.js';

const started = new WeakMap<Request, number>();

/** One log line per request, with its id echoed back in `x-request-id`. Paths only: query strings can carry tokens. */
export function useRequestLog(services: Services): Plugin<{}, ServerContext> {
  return {
    onRequest({ request, serverContext }) {
      started.set(request, performance.now());
      requestInfo(request, serverContext, services);
    },
    onResponse({ request, response, serverContext }) {
      const info = requestInfo(request, serverContext, services);
      response.headers.set('x-request-id', info.requestId);
      const ms = performance.now() - (started.get(request) ?? performance.now());
      services.logger.info(
        { requestId: info.requestId, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    },
  };
}
