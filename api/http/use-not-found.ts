import type { Plugin } from 'graphql-yoga';
import { AppError } from '../../events/errors.js';
import { errorResponse } from './respond.js';

/**
 * The REST error shape for paths nothing serves; Yoga's own 404 has no body. Goes after every plugin that
 * answers requests, and lets through only the paths Yoga itself serves (GraphQL and the liveness probe).
 */
export function useNotFound(yogaPaths: readonly string[]): Plugin {
  const served = new Set(yogaPaths.flatMap((p) => [p, `${p}/`]));
  return {
    onRequest({ request, url, endResponse }) {
      if (served.has(url.pathname) || request.method === 'OPTIONS') return;
      endResponse(errorResponse(new AppError('NOT_FOUND', `Nothing here: ${request.method} ${url.pathname}`)));
    },
  };
}
