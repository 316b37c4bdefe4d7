import type { Plugin } from 'graphql-yoga';

const pending = new WeakMap<Request, string[]>();

/** For GraphQL resolvers, which return data, not a Response: the cookies are added to this request's answer. */
export function setResponseCookies(request: Request, cookies: readonly string[]): void {
  pending.set(request, [...(pending.get(request) ?? []), ...cookies]);
}

export function useResponseCookies(): Plugin {
  return {
    onResponse({ request, response }) {
      for (const c of pending.get(request) ?? []) response.headers.append('set-cookie', c);
    },
  };
}
