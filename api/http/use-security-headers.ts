import type { Plugin } from 'graphql-yoga';

/**
 * Headers a browser needs to treat our answers safely. GraphiQL (development only) needs inline
 * scripts, so the strict CSP applies to everything but its page.
 */
export function useSecurityHeaders(options: { hsts: boolean }): Plugin {
  return {
    onResponse({ response }) {
      const h = response.headers;
      h.set('x-content-type-options', 'nosniff');
      h.set('x-frame-options', 'DENY');
      h.set('referrer-policy', 'no-referrer');
      h.set('cross-origin-opener-policy', 'same-origin');
      if (!(h.get('content-type') ?? '').startsWith('text/html')) {
        h.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      }
      if (options.hsts) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    },
  };
}
