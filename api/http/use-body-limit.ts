import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './respond.js';
import { tooLarge } from './body.js';

/**
 * MAX_REQUEST_BODY_BYTES for everything Yoga parses itself (GraphQL). A declared length over the limit
 * is refused before reading; the node server also counts the bytes of bodies sent without one.
 */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const declared = Number(request.headers.get('content-length') ?? NaN);
      if (declared > limit) endResponse(errorResponse(tooLarge(limit)));
    },
  };
}
