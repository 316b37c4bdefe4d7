import type { Plugin } from 'graphql-yoga';
import { ForbiddenError } from '../../events/errors.js';
import { errorResponse } from './respond.js';

/**
 * ALLOWED_HOSTS: answers only requests addressed to a host we serve. A gateway listening on localhost is
 * otherwise reachable from any web page through DNS rebinding (attacker.example resolving to 127.0.0.1);
 * such a request is refused (403), as the MCP endpoints refuse a foreign Origin.
 */
export function useAllowedHosts(allowed: readonly string[]): Plugin {
  const hosts = new Set(allowed.map((h) => h.toLowerCase()));
  return {
    onRequest({ url, endResponse }) {
      // The server adapter builds the URL from the Host header, so this is the host the client asked for.
      const host = url.hostname.toLowerCase();
      if (!hosts.has(host)) endResponse(errorResponse(new ForbiddenError(`Host ${host} is not served here (ALLOWED_HOSTS)`)));
    },
  };
}
